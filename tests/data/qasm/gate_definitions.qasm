// Gate definitions with parameters, gphase and U; a controlled custom gate turns its phase relative.
OPENQASM 3.0;
include "stdgates.inc";
gate my_rz(θ) a {
  gphase(-θ / 2);
  U(0, 0, θ) a;
}
gate entangle(α, β) a, b {
  ry(α) a;
  cx a, b;
  my_rz(β) b;
}
gate phased_x a {
  gphase(π / 2);
  x a;
}
gate nothing a { }
qubit[3] q;
h q[2];
entangle(0.7, -0.4) q[0], q[1];
ctrl @ entangle(0.3, 1.1) q[2], q[0], q[1];
ctrl @ phased_x q[0], q[2];
inv @ entangle(0.5, 0.2) q[1], q[2];
nothing q[1];
negctrl @ my_rz(0.9) q[1], q[0];
gphase(0.25);
