// Several quantum and classical registers; an unused creg; a condition on a two-bit creg.
OPENQASM 2.0;
include "qelib1.inc";
qreg left[2];
qreg mid[3];
qreg right[1];
creg m[2];
creg n[3];
creg unused[2];
h left;
cx left[0],mid[1];
ry(0.6) mid[0];
cx mid[0],right[0];
measure left[0] -> m[0];
measure left[1] -> m[1];
if(m==2) x mid[2];
if(m==1) h mid[2];
cry(1.1) right[0],mid[2];
measure mid -> n;
