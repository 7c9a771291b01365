// The stdgates.inc gates whose definitions carry a global phase (u2, u3) or a relative one (cu).
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
h q[0];
u3(0.74, -0.31, 1.18) q[1];
u2(0.52, -0.97) q[0];
cu(0.88, 0.41, -0.66, 0.35) q[0], q[1];
ctrl @ u3(1.02, 0.23, 0.61) q[1], q[0];
ctrl @ u2(-0.45, 0.84) q[0], q[1];
