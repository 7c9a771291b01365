// Subroutines (def) on qubits, qubit arrays and classical arguments.
OPENQASM 3.0;
include "stdgates.inc";
def prepare(qubit a, qubit b) {
  h a;
  cx a, b;
}
def rotate(float[64] t, qubit a) {
  rx(t) a;
  rz(2 * t) a;
}
def chain(qubit[3] r) {
  for int i in [0:1] {
    cx r[i], r[i + 1];
  }
}
qubit[3] q;
prepare(q[0], q[1]);
rotate(0.4, q[2]);
rotate(-1.2, q[0]);
chain(q);
prepare(q[2], q[0]);
