// myos runs for a few milliseconds: it neither reads the cgroup's CPU
// quota at start to size GOMAXPROCS (3% of `myos version` on the
// reference machine) nor watches it change.

//go:debug containermaxprocs=0
//go:debug updatemaxprocs=0
package main
