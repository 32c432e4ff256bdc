package profile

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes Parse panic, that every error names
// the file, and that what parses is usable: it describes itself, samples
// without panicking or going negative, and parses the same way twice.
func FuzzParse(f *testing.F) {
	if text, err := os.ReadFile("testdata/example.yaml"); err == nil {
		f.Add(text)
	}
	for _, s := range []string{
		"",
		"tasks: {A: {duration: {p50: 200ms, p99: 2s}, failures: {X: 0.5}}}",
		`{"tasks": {"A": {"duration": {"perKB": {"field": "Size", "ms": 2}}}}}`,
		"tasks: {A: {duration: {normal: {mean: 0s, stddev: 1h}}}}",
		"tasks: {A: {duration: {uniform: [0s, 9223372036s]}}}",
		"tasks: {A: {duration: {p50: 1ns, p99: 2000000h}}}",
		"pools: {db: {concurrency: 1}}\ntasks: {A: {pool: db, arch: arm64, memoryMB: 10240}}",
		"mapRun: {startLatency: 1e308}",
		"tasks: {A: {duration: {fixed: 1s, values: [1s]}}}",
		"- [",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		p, err := Parse("f.yaml", text)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml:") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		_ = p.Describe()
		r := rand.New(rand.NewPCG(1, 2))
		input := map[string]any{"Size": json.Number("2048"), "Items": []any{}}
		for key, task := range p.Tasks {
			if task.Duration == nil {
				t.Fatalf("task %q parsed without a duration", key)
			}
			_ = task.Duration.String()
			for range 10 {
				if d := task.Duration.Sample(r, input, 3); d < 0 {
					t.Fatalf("task %q: %s sampled %s", key, task.Duration, d)
				}
			}
			if task.Pool != "" && p.Pools[task.Pool] == nil {
				t.Fatalf("task %q draws from undefined pool %q", key, task.Pool)
			}
		}
		again, err := Parse("f.yaml", text)
		if err != nil || !reflect.DeepEqual(p, again) {
			t.Fatalf("parsing twice differs (second error %v)", err)
		}
	})
}
