// Non-integer powers: principal powers of the gates' matrices.
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
h q;
ry(0.4) q[1];
pow(0.5) @ x q[0];
pow(1.0 / 2) @ z q[1];
pow(0.5) @ s q[2];
pow(0.3) @ rx(0.8) q[0];
pow(1.5) @ t q[1];
pow(-0.5) @ s q[2];
ctrl @ pow(0.5) @ x q[2], q[0];
pow(0.5) @ ctrl @ rz(0.6) q[1], q[2];
pow(2.5) @ ry(0.2) q[0];
inv @ pow(0.25) @ rz(1.2) q[1];
