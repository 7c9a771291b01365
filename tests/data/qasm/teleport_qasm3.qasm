// Teleportation of U(0.9, 0.4, -0.2)|0> from q[0] to q[2].
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit[2] m;
bit result;
U(0.9, 0.4, -0.2) q[0];
h q[1];
cx q[1], q[2];
cx q[0], q[1];
h q[0];
m[0] = measure q[0];
measure q[1] -> m[1];
if (m[0] == 1) z q[2];
if (m[1]) x q[2];
result = measure q[2];
