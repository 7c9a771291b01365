// Mid-circuit measurements and if/else on their bits.
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit[3] c;
h q[0];
ry(1.1) q[1];
c[0] = measure q[0];
if (c[0]) {
  x q[2];
} else {
  h q[2];
}
c[1] = measure q[1];
if (c[1] == 1) {
  rz(0.4) q[2];
  ry(0.3) q[0];
} else {
  rx(0.7) q[0];
}
if (c[0] == 0) {
  cx q[2], q[1];
}
c[2] = measure q[2];
