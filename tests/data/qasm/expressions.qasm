// Parameter expressions: pi, the unary functions, ^, unary minus and scientific notation.
OPENQASM 2.0;
include "qelib1.inc";
gate twist(alpha,beta) a,b
{
  rx(alpha*beta - pi/7) a;
  ry(-alpha/2) b;
  cx a,b;
  rz(beta^2) b;
}
qreg q[3];
h q;
rx(pi/4) q[0];
rz(-pi/2 + 0.25) q[1];
ry(sin(pi/6)*2) q[2];
u1(cos(0.3)^2) q[0];
rx(exp(0.5)) q[1];
ry(ln(2.5)) q[2];
rz(sqrt(2)/3) q[0];
u3(1.5e-1,-2.5E+0,3e-2) q[1];
p(2*3^2/10) q[2];
rx(-(-0.3)) q[0];
ry(tan(0.4)) q[1];
rz(pi - pi/3*2) q[2];
rx((1 + 2)*(3 - 4.5)/2) q[0];
ry(.5) q[1];
rz(2.) q[2];
u2(-pi, pi/2^2) q[0];
twist(0.8, -1.3) q[1],q[2];
twist(pi/3, sqrt(3)) q[0],q[1];
