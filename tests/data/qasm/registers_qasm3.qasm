// Single qubits and registers in both the OpenQASM 3 and the OpenQASM 2 spelling.
OPENQASM 3.0;
include "stdgates.inc";
qubit a;
qubit[2] b;
qreg c[1];
bit flag;
bit[2] pair;
creg spare[1];
h a;
cx a, b[1];
ry(0.8) b[0];
cx b[0], c[0];
rz(0.3) c;
crx(1.2) c[0], a;
pair = measure b;
flag = measure a;
