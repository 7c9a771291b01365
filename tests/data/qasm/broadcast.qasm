// Gates applied to whole registers: one register, two registers, and a qubit with a register.
OPENQASM 2.0;
include "qelib1.inc";
gate zz_pair a,b { cz a,b; h b; }
qreg a[3];
qreg b[3];
creg ca[3];
creg cb[3];
h a;
cx a,b;
ry(0.4) b;
cx a[0],b;
crz(0.7) a,b[2];
u3(0.3,0.6,0.9) a;
zz_pair a,b;
barrier a,b;
swap a[1],b;
measure a -> ca;
measure b -> cb;
