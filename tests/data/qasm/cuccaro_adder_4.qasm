// Ripple-carry adder (Cuccaro et al., quant-ph/0410184): b <- a + b, carry in cout.
// a = 13, b = 6: the sum 19 leaves b = 3 and cout = 1.
OPENQASM 2.0;
include "qelib1.inc";
gate maj x,y,z
{
  cx z,y;
  cx z,x;
  ccx x,y,z;
}
gate uma x,y,z
{
  ccx x,y,z;
  cx z,x;
  cx x,y;
}
qreg cin[1];
qreg a[4];
qreg b[4];
qreg cout[1];
creg sum[5];
x a[0];
x a[2];
x a[3];
x b[1];
x b[2];
maj cin[0],b[0],a[0];
maj a[0],b[1],a[1];
maj a[1],b[2],a[2];
maj a[2],b[3],a[3];
cx a[3],cout[0];
uma a[2],b[3],a[3];
uma a[1],b[2],a[2];
uma a[0],b[1],a[1];
uma cin[0],b[0],a[0];
measure b[0] -> sum[0];
measure b[1] -> sum[1];
measure b[2] -> sum[2];
measure b[3] -> sum[3];
measure cout[0] -> sum[4];
