OPENQASM 2.0;
include "qelib1.inc";
gate ryy(param0) q0,q1 { sxdg q0; sxdg q1; cx q0,q1; rz(param0) q1; cx q0,q1; sx q0; sx q1; }
gate cs q0,q1 { t q0; cx q0,q1; tdg q1; cx q0,q1; t q1; }
gate r(param0,param1) q0 { u(param0,-pi/2 + param1,pi/2 - param1) q0; }
gate xx_minus_yy(param0,param1) q0,q1 { rz(-param1) q1; sdg q0; sx q0; s q0; s q1; cx q0,q1; ry(0.5*param0) q0; ry((-0.5)*param0) q1; cx q0,q1; sdg q1; sdg q0; sxdg q0; s q0; rz(param1) q1; }
qreg q[3];
cz q[0],q[2];
ry(0.6762784865119893) q[1];
p(1.3312068681790072) q[2];
s q[1];
sxdg q[0];
y q[2];
ryy(1.56111195377303) q[0],q[1];
cs q[2],q[1];
p(3.9328627390906967) q[0];
u1(0.949391773322782) q[2];
r(3.9617380404111087,0.04376879427347786) q[1];
u1(3.675373571449112) q[0];
z q[1];
crx(4.4900669148737) q[2],q[0];
y q[0];
cs q[1],q[2];
cu(2.9538456280193923,0.1647184224025086,0.17428531701208508,0.8139396703056812) q[0],q[2];
sxdg q[1];
id q[2];
u(2.0644776827608253,1.3583346712585285,0.38433106321459676) q[1];
u1(5.158516072185048) q[0];
xx_minus_yy(0.44205322095453464,1.9575535063141876) q[2],q[0];
