// The file's own gates named like gates Qiskit knows (rzx, ecr, cs): the file's definitions hold.
// This rzx puts the X side on its first qubit; this ecr and cs are not Qiskit's.
OPENQASM 2.0;
include "qelib1.inc";
gate rzx(theta) a,b { h a; cx b,a; rz(theta) a; cx b,a; h a; }
gate ecr a,b { h a; cx a,b; }
gate cs a,b { cz a,b; s b; }
qreg q[3];
ry(0.3) q[2];
rzx(0.7) q[0],q[1];
ecr q[1],q[2];
cs q[2],q[0];
rzx(-1.1) q[2],q[1];
