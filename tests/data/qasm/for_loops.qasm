// for loops over ranges (with steps, descending), sets and nested loops; register slices.
OPENQASM 3.0;
include "stdgates.inc";
const int n = 5;
qubit[n] q;
for int i in [0:n - 1] {
  h q[i];
}
for int i in [0:2:4] {
  rz(0.1 * (i + 1)) q[i];
}
for int i in [3:-1:1] {
  cx q[i], q[i + 1];
}
for int i in {1, 4, 2} {
  ry(0.2 * i) q[i];
}
for int j in [0:1] {
  for int k in [j + 1:2] {
    cp(0.3 * (j + k)) q[j], q[k];
  }
}
h q[1:3];
cx q[0:1], q[3:4];
x q[0:2:4];
rx(0.5) q[1:2];
