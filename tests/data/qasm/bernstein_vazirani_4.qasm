// Bernstein-Vazirani with the secret s = (q[0], q[1], q[2], q[3]) = (1, 0, 1, 1).
OPENQASM 2.0;
include "qelib1.inc";
qreg q[4];
qreg anc[1];
creg secret[4];
x anc[0];
h q;
h anc;
barrier q,anc;
cx q[0],anc[0];
cx q[2],anc[0];
cx q[3],anc[0];
barrier q,anc;
h q;
measure q -> secret;
