// gphase at the top level sets the state's global phase: OpenQASM 3 defines it exactly.
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
h q[0];
cx q[0], q[1];
gphase(0.7);
gphase(-pi / 5);
rz(0.4) q[1];
