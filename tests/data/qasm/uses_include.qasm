OPENQASM 2.0;
include "qelib1.inc";
include "my_gates.inc";
qreg q[3];
creg c[3];
bell q[0],q[1];
ladder(0.9) q[1],q[2],q[0];
ladder(-0.4) q[2],q[0],q[1];
measure q -> c;
