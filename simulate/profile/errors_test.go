package profile

import (
	"strings"
	"testing"
)

// TestParseErrors checks that each problem is reported at the place it was
// written, with what to write instead.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // each error: "line:col: substring"
	}{
		{"unknown top key", "taks: {}", []string{`1:1: unknown key "taks" in the profile; did you mean "tasks"?`}},
		{"unknown mapRun key", "mapRun:\n  startLatncy: 1s", []string{`2:3: unknown key "startLatncy" in mapRun; did you mean "startLatency"?`}},
		{"unknown key, no suggestion", "mapRun: {zzz: 1}", []string{`1:10: unknown key "zzz" in mapRun; the keys are startLatency, childStartRate, childOverhead`}},
		{"unknown task key", "tasks: {A: {durration: 1s}}", []string{`1:13: unknown key "durration" in task "A"; did you mean "duration"?`}},
		{"unknown dist kind", "tasks: {A: {duration: {fixd: 1s}}}", []string{`1:24: unknown key "fixd" in task "A": duration; did you mean "fixed"?`}},
		{"root not a mapping", "- a\n- b", []string{`1:1: the profile must be a mapping, got a list`}},
		{"negative duration", "mapRun: {startLatency: -1s}", []string{`1:24: mapRun.startLatency must not be negative`}},
		{"negative seconds", "mapRun: {childOverhead: -2}", []string{`1:25: mapRun.childOverhead must not be negative`}},
		{"duration without unit", `mapRun: {startLatency: "5"}`, []string{`1:24: mapRun.startLatency "5" has no unit; write "5s"`}},
		{"not a duration", "mapRun: {startLatency: soon}", []string{`1:24: mapRun.startLatency "soon" is not a duration`}},
		{"duration of wrong type", "mapRun: {startLatency: true}", []string{`1:24: mapRun.startLatency must be a duration`}},
		{"negative rate", "mapRun: {childStartRate: -1}", []string{`1:26: mapRun.childStartRate (children per second, 0 for unlimited) must be a number of at least 0`}},
		{"zero burst", "stateTransitions: {burst: 0}", []string{`1:27: stateTransitions.burst must be a number of at least 1`}},
		{"concurrency zero", "pools: {lambda: {concurrency: 0}}", []string{`1:31: pool lambda: concurrency must be at least 1, got 0`}},
		{"concurrency fraction", "pools: {lambda: {concurrency: 1.5}}", []string{`1:31: pool lambda: concurrency must be a whole number`}},
		{"other pool without concurrency", "pools: {db: {throttleError: X}}", []string{`1:9: pool db: set concurrency`}},
		{"unknown pool", "pools: {db: {concurrency: 1}}\ntasks: {A: {pool: dbb}}", []string{`2:19: task "A": pool "dbb" is not defined under pools; did you mean "db"?`}},
		{"unknown pool, no suggestion", "tasks: {A: {pool: queue}}", []string{`1:19: task "A": pool "queue" is not defined under pools; define it there or use one of: "lambda", or "none" for none`}},
		{"probability above 1", "tasks: {A: {failures: {X: 1.5}}}", []string{`1:27: task "A": failures: X is 1.5, a probability must be from 0 to 1`}},
		{"probability negative", "tasks: {A: {failures: {X: -0.1}}}", []string{`1:27: task "A": failures: X (a probability from 0 to 1) must be a number of at least 0`}},
		{"probabilities sum over 1", "tasks: {A: {failures: {X: 0.6, Y: 0.5}}}", []string{`1:23: task "A": failures add up to 1.1, more than 1`}},
		{"probability not a number", `tasks: {A: {failures: {X: "1%"}}}`, []string{`1:27: task "A": failures: X (a probability from 0 to 1) must be a number, got "1%"`}},
		{"unknown arch", "tasks: {A: {arch: arm}}", []string{`1:19: task "A": unknown arch "arm"; write arm64 or x86_64`}},
		{"arch typo", "tasks: {A: {arch: x86-64}}", []string{`1:19: task "A": unknown arch "x86-64"; write arm64 or x86_64 (did you mean "x86_64"?)`}},
		{"memory too small", "tasks: {A: {memoryMB: 64}}", []string{`1:23: task "A": memoryMB must be between 128 and 10240, got 64`}},
		{"memory too large", "tasks: {A: {memoryMB: 10241}}", []string{`1:23: task "A": memoryMB must be between 128 and 10240, got 10241`}},
		{"two kinds", "tasks: {A: {duration: {fixed: 1s, perItem: 2s}}}", []string{`1:23: task "A": duration has 2 kinds at once (fixed, perItem); keep one`}},
		{"lognormal plus fixed", "tasks: {A: {duration: {p50: 1s, p99: 2s, fixed: 1s}}}", []string{`1:23: task "A": duration has 2 kinds at once (p50/p99, fixed); keep one`}},
		{"p50 alone", "tasks: {A: {duration: {p50: 1s}}}", []string{`1:23: task "A": duration: a lognormal needs both p50 and p99`}},
		{"p99 below p50", "tasks: {A: {duration: {p50: 2s, p99: 1s}}}", []string{`1:38: task "A": duration: p99 (1s) is below p50 (2s)`}},
		{"p50 zero", "tasks: {A: {duration: {p50: 0s, p99: 1s}}}", []string{`1:29: task "A": duration: p50 must be more than 0`}},
		{"uniform reversed", "tasks: {A: {duration: {uniform: [2s, 1s]}}}", []string{`1:33: task "A": duration: uniform: 1s is below 2s; write the shorter duration first`}},
		{"uniform one bound", "tasks: {A: {duration: {uniform: [2s]}}}", []string{`1:33: task "A": duration: uniform must be a list like [100ms, 300ms]`}},
		{"normal missing stddev", "tasks: {A: {duration: {normal: {mean: 1s}}}}", []string{`1:32: task "A": duration: normal needs both mean and stddev`}},
		{"values empty", "tasks: {A: {duration: {values: []}}}", []string{`1:32: task "A": duration: values must be a list`}},
		{"perKB missing ms", "tasks: {A: {duration: {perKB: {field: Size}}}}", []string{`1:31: task "A": duration: perKB needs field`}},
		{"empty dist", "tasks: {A: {duration: {}}}", []string{`1:23: task "A": duration must be one of {fixed: 1s}`}},
		{"duplicate key", "tasks: {A: {duration: 1s, duration: 2s}}", []string{`1:27: key "duration" is written twice (first at 1:13); keep one`}},
		{"several problems at once", "mapRun: {startLatency: -1s}\ntasks: {A: {arch: arm, memoryMB: 1}}",
			[]string{`1:24: mapRun.startLatency must not be negative`, `2:19: task "A": unknown arch`, `2:34: task "A": memoryMB must be between`}},
		{"json positions", `{"tasks": {"A": {"memoryMB": 1}}}`, []string{`1:30: task "A": memoryMB must be between 128 and 10240, got 1`}},
		{"json syntax", `{"tasks": }`, []string{`1:11:`}},
		{"yaml syntax", "tasks: [", []string{`p.yaml:`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("p.yaml", []byte(tt.text))
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want errors %q; got %+v", tt.text, tt.want, p)
			}
			got := strings.Split(err.Error(), "\n")
			if len(got) != len(tt.want) {
				t.Fatalf("Parse(%q) gave %d errors, want %d:\n%s", tt.text, len(got), len(tt.want), err)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(w, "p.yaml:") {
					w = "p.yaml:" + w
				}
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("error %d:\n got %s\nwant %s…", i, got[i], w)
				}
			}
		})
	}
}
