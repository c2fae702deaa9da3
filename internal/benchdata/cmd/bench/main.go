// Command bench measures myos on a ten-year OS repository and prints a
// markdown table: for each operation, myos's median whole-process time
// over several runs, its CPU time and peak memory, and its time on the
// first run with an empty cache, next to the git command that does the
// nearest thing on the same repository, the ratio, and the target.
//
//	go run ./internal/benchdata/cmd/bench -myos PATH [-runs 15] [-work DIR] [-only NAME]
//
// It generates the repository (internal/benchdata) into a work folder,
// keeps myos's cache there too, and removes it at the end unless -work
// names it. Every run of a write operation really commits: each add is a
// new item, each review gives a new note. git runs without the user's or
// the system's configuration, as it comes. scripts/bench builds myos and
// runs this.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/myos-dev/myos/internal/benchdata"
	"github.com/myos-dev/myos/internal/review"
	"github.com/myos-dev/myos/routines"
)

func main() {
	myos := flag.String("myos", "", "the myos binary to measure (required)")
	runs := flag.Int("runs", 15, "timed runs of each command")
	work := flag.String("work", "", "the work folder, kept afterwards; a repository generated there by an earlier run is reused, and changed by the writes (default: a temporary folder, removed)")
	only := flag.String("only", "", "measure only the operations whose names contain this")
	generate := flag.String("generate", "", "only generate the repository into `DIR` (bench runs itself so, to stay small: a process it starts counts its memory)")
	flag.Parse()
	if *generate != "" {
		if err := generateInto(*generate); err != nil {
			fmt.Fprintf(os.Stderr, "bench: %v\n", err)
			os.Exit(1)
		}
		return
	}
	if *myos == "" || flag.NArg() > 0 || *runs < 1 {
		fmt.Fprintln(os.Stderr, "usage: bench -myos PATH [-runs N] [-work DIR] [-only NAME]")
		os.Exit(2)
	}
	dir := *work
	if dir == "" {
		tmp, err := os.MkdirTemp("", "myos-bench-")
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench: %v\n", err)
			os.Exit(1)
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	if err := run(*myos, dir, *runs, *only); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

// op is one operation: myos's command and git's nearest one, each a list
// of steps (processes) timed together, and what to do before each run.
type op struct {
	name    string
	myos    [][]string
	git     [][]string
	gitText string
	prepare func(i int) error // before the git steps of run i
	target  time.Duration
	gitMax  float64 // the most myos may take as a multiple of git's time; 0: no such target
}

// result is an operation's numbers.
type result struct {
	op              *op
	myos, git, cold time.Duration
	myosCPU         time.Duration // user and system time
	myosRSS, gitRSS int64         // bytes
	gitSkipped      bool
}

func run(myosBin, work string, runs int, only string) error {
	myosBin, err := filepath.Abs(myosBin)
	if err != nil {
		return err
	}
	if work, err = filepath.Abs(work); err != nil {
		return err
	}
	sum, genTime, err := repository(work)
	if err != nil {
		return err
	}
	repo := sum.Dir
	cacheDir := filepath.Join(work, "cache")
	gitBin, gitErr := exec.LookPath("git")
	o, err := routines.Load(os.DirFS(repo))
	if err != nil {
		return fmt.Errorf("the generated OS does not load: %w", err)
	}
	today := routines.DateOf(sum.Now.In(o.Location()))
	ops := operations(o, today, sum, repo)

	env := append(os.Environ(),
		"MYOS_DIR="+repo,
		"MYOS_NOW="+sum.Now.Format(time.RFC3339),
		"XDG_CACHE_HOME="+cacheDir,
		"NO_COLOR=1",
		"GIT_PAGER=cat", "PAGER=cat",
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME="+benchdata.Owner, "GIT_AUTHOR_EMAIL="+benchdata.Email,
		"GIT_COMMITTER_NAME="+benchdata.Owner, "GIT_COMMITTER_EMAIL="+benchdata.Email,
	)
	var results []result
	for i := range ops {
		p := &ops[i]
		if only != "" && !strings.Contains(p.name, only) {
			continue
		}
		fmt.Fprintf(os.Stderr, "bench: %s\n", p.name)
		res := result{op: p, gitSkipped: gitErr != nil || p.git == nil}
		// The first run finds no cache.
		if err := os.RemoveAll(cacheDir); err != nil {
			return err
		}
		if res.cold, _, _, err = timeSteps(myosBin, p.myos, 0, env, repo); err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		var mt, mc, gt []time.Duration
		const warmup = 2
		for i := 1; i <= warmup+runs; i++ {
			d, cpu, rss, err := timeSteps(myosBin, p.myos, i, env, repo)
			if err != nil {
				return fmt.Errorf("%s: %w", p.name, err)
			}
			if i > warmup {
				mt = append(mt, d)
				mc = append(mc, cpu)
				res.myosRSS = max(res.myosRSS, rss)
			}
			if res.gitSkipped {
				continue
			}
			if p.prepare != nil {
				if err := p.prepare(i); err != nil {
					return fmt.Errorf("%s: %w", p.name, err)
				}
			}
			d, _, rss, err = timeSteps(gitBin, p.git, i, env, repo)
			if err != nil {
				return fmt.Errorf("%s (git): %w", p.name, err)
			}
			if i > warmup {
				gt = append(gt, d)
				res.gitRSS = max(res.gitRSS, rss)
			}
		}
		res.myos, res.myosCPU = median(mt), median(mc)
		if !res.gitSkipped {
			res.git = median(gt)
		}
		results = append(results, res)
	}
	size, err := dirSize(filepath.Join(repo, ".git"))
	if err != nil {
		return err
	}
	printTable(os.Stdout, results, sum, genTime, size, runs, gitBin, gitErr == nil)
	return nil
}

// repository generates the ten-year repository in work/os, or reuses the
// one an earlier run left there. It returns how long generating took (0
// when reused). Generating happens in a process of its own: on Linux a
// child's peak memory starts at its parent's, and the measured processes
// are this one's children.
func repository(work string) (benchdata.Summary, time.Duration, error) {
	var sum benchdata.Summary
	summary := filepath.Join(work, "summary.json")
	took := time.Duration(0)
	if _, err := os.Stat(summary); err == nil {
		fmt.Fprintf(os.Stderr, "bench: reusing the repository in %s\n", filepath.Join(work, "os"))
	} else {
		self, err := os.Executable()
		if err != nil {
			return sum, 0, err
		}
		start := time.Now()
		cmd := exec.Command(self, "-generate", work)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return sum, 0, fmt.Errorf("generate: %w", err)
		}
		took = time.Since(start)
	}
	b, err := os.ReadFile(summary)
	if err != nil {
		return sum, 0, err
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		return sum, 0, fmt.Errorf("%s: %w", summary, err)
	}
	return sum, took, nil
}

// generateInto writes the ten-year repository into work/os and its
// summary into work/summary.json, last.
func generateInto(work string) error {
	start := time.Now()
	opts := benchdata.TenYears()
	last := time.Now()
	opts.Progress = func(done, total int) {
		if time.Since(last) > 10*time.Second {
			fmt.Fprintf(os.Stderr, "bench: generating, %d/%d days\n", done, total)
			last = time.Now()
		}
	}
	sum, err := benchdata.Generate(filepath.Join(work, "os"), opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "bench: generated %d commits in %.1fs\n", sum.Commits, time.Since(start).Seconds())
	b, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(work, "summary.json"), b, 0o644)
}

// operations lists what is measured, in the order of the table.
func operations(o *routines.OS, today routines.Date, sum benchdata.Summary, repo string) []op {
	var answers []string
	for _, r := range o.Routines {
		if (r.Status == routines.RoutineActive || r.Status == routines.RoutineAspiration) && r.DueOn(today) {
			answers = append(answers, "--answer", r.ID+"=yes")
		}
	}
	theme := o.Themes[0].ID
	record := filepath.Join(repo, filepath.FromSlash(review.Path(today, review.Daily)))
	appendLine := func(path, line string) error {
		f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(f, line)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}
	gitRead := [][]string{{"show", "HEAD:" + routines.FileRoutines, "HEAD:" + routines.FileCalendar}}
	return []op{
		{name: "today", myos: [][]string{{"today"}}, git: gitRead, target: 10 * time.Millisecond},
		{name: "week", myos: [][]string{{"week"}}, git: gitRead, target: 10 * time.Millisecond},
		{name: "check", myos: [][]string{{"check"}}, git: gitRead, target: 10 * time.Millisecond},
		{name: "status", myos: [][]string{{"status"}}, git: [][]string{{"status", "--porcelain"}}, target: 10 * time.Millisecond},
		{name: "log -n 20", myos: [][]string{{"log", "-n", "20"}}, git: [][]string{{"log", "-n", "20"}}, target: 15 * time.Millisecond},
		{name: "diff HEAD~30", myos: [][]string{{"diff", "HEAD~30"}}, git: [][]string{{"diff", "HEAD~30"}}, target: 40 * time.Millisecond},
		{name: "history routine " + sum.HistoryItem, myos: [][]string{{"history", "routine", sum.HistoryItem}},
			git: [][]string{{"log", "-p", "--", routines.FileRoutines}}, target: 150 * time.Millisecond, gitMax: 1},
		{name: "stats --days 3650", myos: [][]string{{"stats", "--days", "3650"}},
			git: [][]string{{"grep", "-c", "answer = ", "--", review.Dir}}, target: 60 * time.Millisecond},
		{name: "add", myos: [][]string{{"add", "priority", "Bench item {run}", "--theme", theme, "--status", "later"}},
			git:     [][]string{{"add", routines.FilePriorities}, {"commit", "-q", "-m", "bench: git commit {run}"}},
			gitText: "git add FILE && git commit",
			prepare: func(i int) error {
				return appendLine(filepath.Join(repo, routines.FilePriorities), fmt.Sprintf("# git bench %d", i))
			},
			target: 30 * time.Millisecond, gitMax: 2},
		{name: "review", myos: [][]string{append(append([]string{"review"}, answers...), "--partial", "--note", "bench run {run}")},
			git:     [][]string{{"add", review.Path(today, review.Daily)}, {"commit", "-q", "-m", "bench: git review {run}"}},
			gitText: "git add FILE && git commit",
			prepare: func(i int) error { return appendLine(record, fmt.Sprintf("# git bench %d", i)) },
			target:  40 * time.Millisecond, gitMax: 2},
	}
}

// timeSteps runs each step of a run one after the other and returns their
// wall time and CPU time added up and the highest peak memory. {run} in an
// argument is replaced by the run's number.
func timeSteps(bin string, steps [][]string, i int, env []string, dir string) (wall, cpu time.Duration, peak int64, err error) {
	for _, step := range steps {
		args := make([]string, len(step))
		for j, a := range step {
			args[j] = strings.ReplaceAll(a, "{run}", fmt.Sprint(i))
		}
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stdout = io.Discard
		cmd.Stderr = &stderr
		start := time.Now()
		err := cmd.Run()
		d := time.Since(start)
		var exit *exec.ExitError
		// check exits 1 when it finds errors; anything else is a failure.
		if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1 && args[0] == "check") {
			return 0, 0, 0, fmt.Errorf("%s %s: %v\n%s", filepath.Base(bin), strings.Join(args, " "), err, stderr.String())
		}
		wall += d
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		peak = max(peak, peakRSS(cmd.ProcessState))
	}
	return wall, cpu, peak, nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			n += fi.Size()
		}
		return nil
	})
	return n, err
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/1e6) }

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// rss is a peak memory for the table: "n/a" where the system gave none.
func rss(n int64) string {
	if n == 0 {
		return "n/a"
	}
	return mb(n)
}

func printTable(w io.Writer, results []result, sum benchdata.Summary, genTime time.Duration, gitSize int64, runs int, gitBin string, haveGit bool) {
	fmt.Fprintf(w, "| operation | myos median | myos CPU | peak RSS | first run, no cache | git equivalent | git median | ratio | target | ok |\n")
	fmt.Fprintf(w, "|---|---:|---:|---:|---:|---|---:|---:|---|:-:|\n")
	const memTarget = 40 << 20
	for _, r := range results {
		gitText, gitTime, ratio := "—", "—", "—"
		if r.op.gitText != "" {
			gitText = "`" + r.op.gitText + "`"
		} else if r.op.git != nil {
			args := make([]string, len(r.op.git[0]))
			for i, a := range r.op.git[0] {
				if strings.ContainsAny(a, " \t") {
					a = "'" + a + "'"
				}
				args[i] = a
			}
			gitText = "`git " + strings.Join(args, " ") + "`"
		}
		okTime := r.myos < r.op.target
		okGit := true
		if !r.gitSkipped {
			gitTime = ms(r.git)
			x := float64(r.myos) / float64(r.git)
			ratio = fmt.Sprintf("%.2f×", x)
			if r.op.gitMax > 0 && x > r.op.gitMax {
				okGit = false
			}
		}
		target := "< " + strings.TrimSuffix(ms(r.op.target), ".0 ms") + " ms"
		if r.op.gitMax > 0 {
			target += fmt.Sprintf(", ≤ %g× git", r.op.gitMax)
		}
		ok := "✓"
		if !okTime || !okGit || r.myosRSS >= memTarget {
			ok = "✗"
		}
		fmt.Fprintf(w, "| `myos %s` | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			r.op.name, ms(r.myos), ms(r.myosCPU), rss(r.myosRSS), ms(r.cold), gitText, gitTime, ratio, target, ok)
	}
	ok := "✓"
	if gitSize > 20<<20 {
		ok = "✗"
	}
	fmt.Fprintf(w, "| `.git` size after ten years | %s | | | | | | | < 20 MB | %s |\n", mb(gitSize), ok)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Median of %d runs after 2 warm-up runs, whole process, on a repository of %d commits (%d daily reviews from %s to %s, %d edits; %d themes, %d routines, %d priorities of which %d open, %d blocks, %d events); myos CPU is the median user and system time; peak RSS is the largest of the runs, and must be under 40 MB for ✓; the first run is the one before them, with an empty cache.",
		runs, sum.Commits, sum.Reviews, sum.First, sum.Last, sum.Edits, sum.Themes, sum.Routines, sum.Priorities, sum.OpenWork, sum.Blocks, sum.Events)
	if genTime > 0 {
		fmt.Fprintf(w, " Generating the repository took %.1f s.", genTime.Seconds())
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Machine: %s, %d CPUs, %s %s/%s", cpuModel(), runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if haveGit {
		if out, err := exec.Command(gitBin, "--version").Output(); err == nil {
			fmt.Fprintf(w, ", %s", strings.TrimSpace(string(out)))
		}
	} else {
		fmt.Fprint(w, ", no git found: git columns skipped")
	}
	if la, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Fprintf(w, ", load average %s", strings.Join(strings.Fields(string(la))[:3], " "))
	}
	fmt.Fprintln(w, ".")
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}
