// Grover search on 3 qubits for the marked state q[0]=1, q[1]=0, q[2]=1: two iterations.
OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
creg c[3];
h q;
// iteration 1: oracle
x q[1];
h q[2];
ccx q[0],q[1],q[2];
h q[2];
x q[1];
// iteration 1: diffusion
h q;
x q;
h q[2];
ccx q[0],q[1],q[2];
h q[2];
x q;
h q;
// iteration 2: oracle
x q[1];
h q[2];
ccx q[0],q[1],q[2];
h q[2];
x q[1];
// iteration 2: diffusion
h q;
x q;
h q[2];
ccx q[0],q[1],q[2];
h q[2];
x q;
h q;
measure q -> c;
