package execute

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/engine"
	"github.com/sfnsim/sfnsim/engine/itemreader"
	"github.com/sfnsim/sfnsim/execute/task"
	"github.com/sfnsim/sfnsim/simulate/profile"
)

// echo is a handler that answers every call with its input after a delay,
// or fails the items listed in fail; it counts calls per item.
type echo struct {
	delay time.Duration
	fail  map[string]bool
	mu    sync.Mutex
	calls map[string]int
	total atomic.Int64
}

func (e *echo) Handles(resource string) bool { return strings.Contains(resource, ":function:") }

func (e *echo) Call(ctx context.Context, c *task.Call) (any, *asl.StatesError) {
	e.total.Add(1)
	key := fmt.Sprint(c.Input)
	e.mu.Lock()
	if e.calls == nil {
		e.calls = map[string]int{}
	}
	e.calls[key]++
	e.mu.Unlock()
	select {
	case <-time.After(e.delay):
	case <-ctx.Done():
		return nil, task.Failed("States.Timeout", "cancelled")
	}
	if e.fail[key] {
		return nil, task.Failed("Item.Failed", "item %s failed", key)
	}
	return c.Input, nil
}

func definition(t *testing.T, fields string) *asl.Node {
	t.Helper()
	doc, err := asl.ParseJSON("sm.asl.json", []byte(`{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items"`+fields+`,
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"Work","States":{
			"Work":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111122223333:function:work","End":true}}},"End":true}}}`))
	if err != nil {
		t.Fatal(err)
	}
	return doc.Root
}

func items(n int) map[string]any {
	list := make([]any, n)
	for i := range list {
		list[i] = json.Number(fmt.Sprint(i))
	}
	return map[string]any{"items": list}
}

func TestRunDistributedMap(t *testing.T) {
	h := &echo{delay: time.Millisecond}
	var progress int
	sum, err := Run(context.Background(), Config{Definition: definition(t, `,"MaxConcurrency":50`), Name: "sm", Input: items(500),
		Handlers: []task.Handler{h}, RunDir: t.TempDir(), Progress: func(Progress) { progress++ }})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Status != engine.StatusSucceeded || sum.Children[engine.StatusSucceeded] != 500 || h.total.Load() != 500 {
		t.Fatalf("%s %s, children %v, %d calls", sum.Status, sum.Cause, sum.Children, h.total.Load())
	}
	if out := sum.Output.([]any); len(out) != 500 || out[499] != json.Number("499") {
		t.Errorf("output of %d items ends %v", len(out), out[len(out)-1])
	}
}

// An unknown resource fails the Task with a message that says what to do.
func TestRunUnknownResource(t *testing.T) {
	sum, err := Run(context.Background(), Config{Definition: definition(t, ""), Name: "sm", Input: items(1)})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Status != engine.StatusFailed || sum.FirstChildFailure == nil || !strings.Contains(sum.FirstChildFailure.Cause, "--mock-config") {
		t.Errorf("%s: %s, first child failure %+v", sum.Status, sum.Cause, sum.FirstChildFailure)
	}
}

// Interrupt and redrive: the first interrupt lets running children finish
// and stops the run; the redrive runs the failed and pending items only.
// No item is lost and none succeeds twice.
func TestInterruptAndRedrive(t *testing.T) {
	dir := t.TempDir()
	h := &echo{delay: 20 * time.Millisecond, fail: map[string]bool{"3": true}}
	signals := make(chan os.Signal, 2)
	go func() {
		time.Sleep(100 * time.Millisecond)
		signals <- os.Interrupt
	}()
	def := definition(t, `,"MaxConcurrency":4,"ToleratedFailureCount":5`)
	first, err := Run(context.Background(), Config{Definition: def, Name: "sm", Input: items(200), Handlers: []task.Handler{h},
		RunDir: dir, Interrupt: signals})
	if err != nil {
		t.Fatal(err)
	}
	if first.Status != engine.StatusAborted || first.Error != engine.ErrInterrupted {
		t.Fatalf("first run %s %s", first.Status, first.Error)
	}
	done := first.Children[engine.StatusSucceeded]
	if done == 0 || done >= 199 {
		t.Fatalf("the interrupted run completed %d children", done)
	}
	log, err := ReadLog(dir)
	if err != nil {
		t.Fatal(err)
	}
	if int64(log.Succeeded()) != done {
		t.Errorf("the log has %d children done, the run %d", log.Succeeded(), done)
	}

	h.fail = nil
	second, err := Run(context.Background(), Config{Definition: def, Name: "sm", Input: items(200), Handlers: []task.Handler{h},
		RunDir: dir, Redrive: log})
	if err != nil {
		t.Fatal(err)
	}
	if second.Status != engine.StatusSucceeded || second.Redriven != done {
		t.Fatalf("redrive %s %s, %d redriven (want %d)", second.Status, second.Cause, second.Redriven, done)
	}
	out := second.Output.([]any)
	for i, v := range out {
		if v != json.Number(fmt.Sprint(i)) {
			t.Fatalf("item %d is %v after the redrive", i, v)
		}
	}
	for item, n := range h.calls {
		// Item 3 failed once, then succeeded on the redrive; every other
		// item was called exactly once over both runs.
		if want := map[bool]int{true: 2, false: 1}[item == "3"]; n != want {
			t.Errorf("item %s was called %d times, want %d", item, n, want)
		}
	}
	if len(h.calls) != 200 {
		t.Errorf("%d items called, want 200", len(h.calls))
	}
}

// --record writes a profile that simulate reads.
func TestRecordProfile(t *testing.T) {
	rec := NewRecorder()
	h := &echo{delay: 5 * time.Millisecond, fail: map[string]bool{"1": true, "2": true}}
	if _, err := Run(context.Background(), Config{Definition: definition(t, `,"ToleratedFailurePercentage":100`), Name: "sm", Input: items(50),
		Handlers: []task.Handler{h}, Recorder: rec}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := rec.WriteProfile(&b, "sm"); err != nil {
		t.Fatal(err)
	}
	p, err := profile.Parse("recorded.yaml", b.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	task := p.TaskFor("Work", "")
	if task == nil || len(task.Failures) != 1 || task.Failures[0].Error != "Item.Failed" || task.Failures[0].P != 0.04 {
		t.Errorf("recorded %+v from\n%s", task, b.String())
	}
	if !strings.Contains(b.String(), "50 calls") {
		t.Errorf("profile:\n%s", b.String())
	}
}

// slowExceptOne fails item "1" at once and answers the others after a
// delay, so that they are still running when the Map Run fails.
type slowExceptOne struct {
	mu    sync.Mutex
	calls map[string]int
}

func (s *slowExceptOne) Handles(string) bool { return true }

func (s *slowExceptOne) Call(ctx context.Context, c *task.Call) (any, *asl.StatesError) {
	key := fmt.Sprint(c.Input)
	s.mu.Lock()
	s.calls[key]++
	s.mu.Unlock()
	if key == "1" {
		return nil, task.Failed("Item.Failed", "item 1 failed")
	}
	select {
	case <-time.After(100 * time.Millisecond):
		return c.Input, nil
	case <-ctx.Done():
		return nil, task.Failed("States.Timeout", "cancelled")
	}
}

// EXPRESS children still running when their Map Run fails run to their
// end, as on AWS: the run waits for them and logs them, so that the
// redrive runs only the failed and pending items; the summary names the
// ResultWriter files the failed run wrote.
func TestChildrenOutlivingAFailedMapRun(t *testing.T) {
	root, dir := t.TempDir(), t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "out"), 0o755); err != nil {
		t.Fatal(err)
	}
	doc, err := asl.ParseJSON("sm.asl.json", []byte(`{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":5,
		"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"res"}},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"Work","States":{
			"Work":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111122223333:function:work","End":true}}},"End":true}}}`))
	if err != nil {
		t.Fatal(err)
	}
	store := itemreader.DirStore{Root: root}
	h := &slowExceptOne{calls: map[string]int{}}
	var notices []string
	first, err := Run(context.Background(), Config{Definition: doc.Root, Name: "sm", Input: items(20), Handlers: []task.Handler{h},
		Store: store, Writer: store, RunDir: dir, Notice: func(m string) { notices = append(notices, m) }})
	if err != nil {
		t.Fatal(err)
	}
	if first.Status != engine.StatusFailed || first.Orphaned != 4 || first.Children[engine.StatusSucceeded] != 4 {
		t.Fatalf("%s, %d orphaned, children %v; want FAILED with items 0, 2, 3 and 4 run to their end", first.Status, first.Orphaned, first.Children)
	}
	if rw := first.ResultWriter; rw == nil || !strings.HasSuffix(fmt.Sprint(rw["Key"]), "/manifest.json") {
		t.Errorf("summary ResultWriter %v, want the manifest the failed run wrote", rw)
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "waiting for the 4 children") {
		t.Errorf("notices %q", notices)
	}
	log, err := ReadLog(dir)
	if err != nil || log.Succeeded() != 4 {
		t.Fatalf("the log has %d children done (%v), want 4", log.Succeeded(), err)
	}
	h2 := &echo{}
	second, err := Run(context.Background(), Config{Definition: doc.Root, Name: "sm", Input: items(20), Handlers: []task.Handler{h2},
		Store: store, Writer: store, RunDir: dir, Redrive: log, Redrives: 1})
	if err != nil || second.Status != engine.StatusSucceeded || second.Redriven != 4 || h2.total.Load() != 16 {
		t.Errorf("redrive: %v %s, %d redriven, %d calls; want the 16 items not done", err, second.Status, second.Redriven, h2.total.Load())
	}
}
