OPENQASM 2.0;
// No include: only the language's built-in U and CX, and gates defined from them.
opaque magic(theta) a,b;
gate hh a { U(pi/2,0,pi) a; }
gate czz a,b
{
  hh b;
  CX a,b;
  hh b;
}
gate xrot(t) a { U(t,-pi/2,pi/2) a; }
gate nothing a { }
qreg r[3];
U(0.1,0.2,0.3) r[0];
hh r;
CX r[0],r[2];
czz r[1],r[2];
xrot(0.7) r[1];
nothing r[0];
U(1,2,3) r;
CX r[2],r[1];
