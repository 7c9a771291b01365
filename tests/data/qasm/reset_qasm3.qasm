// reset of a known and of a measured qubit; a measured bit copied back into a qubit.
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit b;
bit[2] out;
x q[0];
h q[1];
reset q[0];
b = measure q[1];
reset q[1];
if (b) {
  x q[1];
}
ry(0.5) q[0];
out = measure q;
