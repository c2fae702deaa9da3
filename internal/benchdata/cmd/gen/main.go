// Command gen writes the benchmark's ten-year OS repository into a folder
// and prints what it made as JSON.
//
//	go run ./internal/benchdata/cmd/gen [-days N] [-seed N] DIR
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/myos-dev/myos/internal/benchdata"
)

func main() {
	opts := benchdata.TenYears()
	flag.IntVar(&opts.Days, "days", opts.Days, "daily reviews to record")
	flag.Uint64Var(&opts.Seed, "seed", opts.Seed, "seed of every choice")
	flag.BoolVar(&opts.Sync, "sync", false, "wait for the disk after every commit, as myos does")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to `FILE`")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: gen [-days N] [-seed N] [-sync] DIR\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gen: %v\n", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	last := time.Now()
	opts.Progress = func(done, total int) {
		if time.Since(last) > 5*time.Second || done == total {
			fmt.Fprintf(os.Stderr, "gen: %d/%d days, %.0fs\n", done, total, time.Since(start).Seconds())
			last = time.Now()
		}
	}
	sum, err := benchdata.Generate(flag.Arg(0), opts)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(sum)
	fmt.Fprintf(os.Stderr, "gen: done in %.1fs\n", time.Since(start).Seconds())
}
