// One QAOA layer for MaxCut on a triangle, with gamma and beta as runtime inputs.
OPENQASM 3.0;
include "stdgates.inc";
input float[64] gamma;
input float[64] beta;
qubit[3] q;
bit[3] c;
h q;
cx q[0], q[1];
rz(2 * gamma) q[1];
cx q[0], q[1];
cx q[1], q[2];
rz(2 * gamma) q[2];
cx q[1], q[2];
cx q[0], q[2];
rz(2 * gamma) q[2];
cx q[0], q[2];
rx(2 * beta) q;
c = measure q;
