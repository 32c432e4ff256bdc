package execute

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/execute/task"
	"github.com/sfnsim/sfnsim/simulate/series"
)

// Recorder learns what each Task state's calls took and how they failed,
// and writes it as a `sfnsim simulate` profile (--record), so that a
// simulation replays what was observed. It is used on the engine's loop
// only.
type Recorder struct {
	tasks map[string]*observed
}

type observed struct {
	durations *series.Histogram
	calls     int64
	errors    map[string]int64
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder { return &Recorder{tasks: map[string]*observed{}} }

func (r *Recorder) record(c *task.Call, took time.Duration, err *asl.StatesError) {
	o := r.tasks[c.State]
	if o == nil {
		o = &observed{durations: series.NewHistogram(), errors: map[string]int64{}}
		r.tasks[c.State] = o
	}
	o.calls++
	o.durations.Record(took)
	if err != nil {
		o.errors[err.Name]++
	}
}

// throttleErrors are left out of the recorded failures: in a simulation
// the Lambda pool throttles by itself, from its concurrency.
var throttleErrors = map[string]bool{"Lambda.TooManyRequestsException": true}

// WriteProfile writes the profile: per Task state, a lognormal fitted to
// the observed median and 99th percentile (fixed when they are equal), and
// the observed failure rates.
func (r *Recorder) WriteProfile(w io.Writer, source string) error {
	names := make([]string, 0, len(r.tasks))
	for name := range r.tasks {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "# Recorded by `sfnsim run --record` from %s on %s.\n", source, time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintln(w, "# Use it with: sfnsim simulate DEFINITION --profile THIS_FILE (and --manifest FILE when a Map reads its items from S3)")
	if len(names) == 0 {
		fmt.Fprintln(w, "# No Task state was called.")
		return nil
	}
	fmt.Fprintln(w, "tasks:")
	for _, name := range names {
		o := r.tasks[name]
		p50 := o.durations.Quantile(0.5).Round(time.Millisecond)
		p99 := o.durations.Quantile(0.99).Round(time.Millisecond)
		fmt.Fprintf(w, "  %s:   # %d calls\n", strconv.Quote(name), o.calls)
		if p50 <= 0 || p99 <= p50 {
			fmt.Fprintf(w, "    duration: {fixed: %s}\n", max(p50, time.Millisecond))
		} else {
			fmt.Fprintf(w, "    duration: {p50: %s, p99: %s}\n", p50, p99)
		}
		var errs []string
		for e := range o.errors {
			if !throttleErrors[e] {
				errs = append(errs, e)
			} else {
				fmt.Fprintf(w, "    # %d calls were throttled (%s): left out, the simulation's Lambda pool throttles by its concurrency\n", o.errors[e], e)
			}
		}
		sort.Strings(errs)
		if len(errs) > 0 {
			fmt.Fprintln(w, "    failures:")
			for _, e := range errs {
				fmt.Fprintf(w, "      %s: %s\n", strconv.Quote(e), strconv.FormatFloat(float64(o.errors[e])/float64(o.calls), 'g', 6, 64))
			}
		}
	}
	return nil
}
