package execute

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/engine"
	"github.com/sfnsim/sfnsim/execute/task"
)

// A run killed mid-line leaves a cut last line: the next run cuts it off
// before it appends, so its own lines are whole and a redrive reads them.
func TestLogAfterACrash(t *testing.T) {
	dir := t.TempDir()
	whole := `{"map":"M","index":0,"status":"SUCCEEDED","output":0,"input":0,"started":"2026-01-01T00:00:00Z","stopped":"2026-01-01T00:00:01Z"}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, LogFile), []byte(whole+`{"map":"M","index":1,"sta`), 0o644); err != nil {
		t.Fatal(err)
	}
	first, err := ReadLog(dir)
	if err != nil || first.Succeeded() != 1 {
		t.Fatalf("reading the cut log: %d done, %v", first.Succeeded(), err)
	}
	sum, err := Run(context.Background(), Config{Definition: definition(t, ""), Name: "sm", Input: items(3),
		Handlers: []task.Handler{&echo{}}, RunDir: dir, Redrive: first, Redrives: 1})
	if err != nil || sum.Status != engine.StatusSucceeded || sum.Redriven != 1 {
		t.Fatalf("redrive: %v %+v", err, sum)
	}
	text, _ := os.ReadFile(filepath.Join(dir, LogFile))
	lines := strings.Split(strings.TrimSuffix(string(text), "\n"), "\n")
	if len(lines) != 3 || !strings.HasPrefix(string(text), whole) {
		t.Fatalf("log after the redrive:\n%s", text)
	}
	for _, l := range lines {
		var e entry
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Errorf("line %q: %v", l, err)
		}
	}
	again, err := ReadLog(dir)
	if err != nil || again.Succeeded() != 3 {
		t.Errorf("after the redrive the log has %d done (%v), want 3", again.Succeeded(), err)
	}
}

// A redrive reuses a child's result only for the same input: when the
// items changed, the child runs again.
func TestRedriveChecksTheInput(t *testing.T) {
	dir := t.TempDir()
	h := &echo{}
	if _, err := Run(context.Background(), Config{Definition: definition(t, ""), Name: "sm", Input: items(3),
		Handlers: []task.Handler{h}, RunDir: dir}); err != nil {
		t.Fatal(err)
	}
	log, err := ReadLog(dir)
	if err != nil {
		t.Fatal(err)
	}
	changed := items(3)
	changed["items"].([]any)[1] = json.Number("10")
	sum, err := Run(context.Background(), Config{Definition: definition(t, ""), Name: "sm", Input: changed,
		Handlers: []task.Handler{h}, RunDir: dir, Redrive: log, Redrives: 1})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Redriven != 2 || h.calls["10"] != 1 || sum.Output.([]any)[1] != json.Number("10") {
		t.Errorf("%d redriven, item 10 called %d times, output %v; want the changed item run again", sum.Redriven, h.calls["10"], sum.Output)
	}
}

// The second interrupt aborts the running children at once.
func TestSecondInterruptAborts(t *testing.T) {
	h := &echo{delay: time.Hour}
	signals := make(chan os.Signal, 2)
	go func() {
		time.Sleep(50 * time.Millisecond)
		signals <- os.Interrupt
		time.Sleep(50 * time.Millisecond)
		signals <- os.Interrupt
	}()
	start := time.Now()
	var notices []string
	sum, err := Run(context.Background(), Config{Definition: definition(t, `,"MaxConcurrency":4`), Name: "sm", Input: items(10),
		Handlers: []task.Handler{h}, RunDir: t.TempDir(), Interrupt: signals, Notice: func(m string) { notices = append(notices, m) }})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Status != engine.StatusAborted || !strings.Contains(sum.Cause, "second interrupt") || time.Since(start) > time.Minute {
		t.Errorf("%s %s after %s", sum.Status, sum.Cause, time.Since(start))
	}
	// Each interrupt is answered at once, not only when the run ends.
	if len(notices) != 2 || !strings.Contains(notices[0], "waiting for the 4 running") || !strings.Contains(notices[1], "abandoning the 4 running") {
		t.Errorf("notices %q", notices)
	}
}

// Items with characters the log's JSON escapes (&, <, >) are recognised
// on a redrive: they do not run twice.
func TestRedriveEscapedItems(t *testing.T) {
	dir := t.TempDir()
	h := &echo{fail: map[string]bool{"x": true}}
	input := map[string]any{"items": []any{"https://h/?a=1&b=<2>", "x"}}
	def := definition(t, `,"MaxConcurrency":1`)
	first, err := Run(context.Background(), Config{Definition: def, Name: "sm", Input: input, Handlers: []task.Handler{h}, RunDir: dir})
	if err != nil || first.Status != engine.StatusFailed {
		t.Fatalf("first run: %v %+v", err, first)
	}
	log, err := ReadLog(dir)
	if err != nil {
		t.Fatal(err)
	}
	h.fail = nil
	second, err := Run(context.Background(), Config{Definition: def, Name: "sm", Input: input, Handlers: []task.Handler{h}, RunDir: dir, Redrive: log, Redrives: 1})
	if err != nil || second.Status != engine.StatusSucceeded || second.Redriven != 1 || h.calls["https://h/?a=1&b=<2>"] != 1 {
		t.Errorf("redrive: %v %s, %d redriven, the & item called %d times", err, second.Status, second.Redriven, h.calls["https://h/?a=1&b=<2>"])
	}
}

// A damaged run folder is refused with what is wrong, not redriven.
func TestDamagedRunFolder(t *testing.T) {
	tests := []struct {
		name, runJSON string
		log           bool
		want          string
	}{
		{"empty record", `{}`, true, "lacks its name, definition or input"},
		{"bad type", `{"name":"sm","type":"FAST","definition":{},"input":{}}`, true, `type "FAST" is neither`},
		{"not JSON", `{`, true, "the run folder is damaged"},
		{"no log", `{"name":"sm","type":"STANDARD","definition":{},"input":{}}`, false, "children.jsonl is missing, so every child would run again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, RunFile), []byte(tt.runJSON), 0o644); err != nil {
				t.Fatal(err)
			}
			if tt.log {
				if err := os.WriteFile(filepath.Join(dir, LogFile), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := LoadRun(dir)
			if err == nil {
				_, err = ReadLog(dir)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}
