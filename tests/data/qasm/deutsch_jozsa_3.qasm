// Deutsch-Jozsa for the balanced function f(x) = x0 XOR (x1 AND x2).
OPENQASM 2.0;
include "qelib1.inc";
qreg inp[3];
qreg anc[1];
creg result[3];
x anc[0];
h inp;
h anc[0];
cx inp[0],anc[0];
ccx inp[1],inp[2],anc[0];
h inp;
measure inp -> result;
