OPENQASM 2.0;
include "qelib1.inc";
gate ryy(param0) q0,q1 { sxdg q0; sxdg q1; cx q0,q1; rz(param0) q1; cx q0,q1; sx q0; sx q1; }
gate rzx(param0) q0,q1 { h q1; cx q0,q1; rz(param0) q1; cx q0,q1; h q1; }
gate r(param0,param1) q0 { u(param0,-pi/2 + param1,pi/2 - param1) q0; }
gate dcx q0,q1 { cx q0,q1; cx q1,q0; }
gate ccz q0,q1,q2 { h q2; ccx q0,q1,q2; h q2; }
qreg q[5];
creg c[5];
cswap q[1],q[2],q[3];
u(1.3345410534004376,5.745990367359054,1.9817446266742005) q[4];
u2(5.829809586414312,4.1354611183887835) q[1];
ccx q[3],q[2],q[4];
ryy(2.3894750043137742) q[2],q[0];
sx q[4];
ry(3.6958245249978092) q[0];
sxdg q[3];
rccx q[4],q[2],q[1];
id q[2];
id q[4];
rzx(0.6073806025841461) q[0],q[1];
r(3.2933937005839877,3.9741410502686945) q[3];
dcx q[3],q[0];
ccx q[1],q[4],q[2];
ry(0.9704400951195793) q[4];
rxx(4.225969229732355) q[0],q[3];
sdg q[2];
t q[1];
u1(3.9495372683960484) q[0];
ccz q[4],q[3],q[2];
measure q[0] -> c[0];
measure q[1] -> c[1];
measure q[2] -> c[2];
measure q[3] -> c[3];
measure q[4] -> c[4];
