// Runtime inputs and a constant: the circuit is a function of theta and phi.
OPENQASM 3.0;
include "stdgates.inc";
input float[64] theta;
input angle phi;
const float[64] scale = 0.5;
qubit[2] q;
ry(theta) q[0];
rz(phi) q[1];
cx q[0], q[1];
rx(theta * scale) q[1];
crz(2 * theta) q[1], q[0];
ry(phi) q[0];
