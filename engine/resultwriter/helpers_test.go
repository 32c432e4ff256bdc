package resultwriter

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/asl"
)

// memStore is an in-memory ObjectWriter: bucket/key → body, plus the order
// of the puts.
type memStore struct {
	objects map[string][]byte
	order   []string
	// failOn makes a put fail when its key ends with it.
	failOn string
}

func newMemStore() *memStore { return &memStore{objects: map[string][]byte{}} }

var errDenied = errors.New("Access Denied")

func (m *memStore) PutObject(_ context.Context, bucket, key string, body []byte) error {
	if m.failOn != "" && strings.HasSuffix(key, m.failOn) {
		return errDenied
	}
	m.objects[bucket+"/"+key] = append([]byte(nil), body...)
	m.order = append(m.order, bucket+"/"+key)
	return nil
}

// node parses a definition fragment.
func node(t *testing.T, text string) *asl.Node {
	t.Helper()
	doc, err := asl.ParseJSON("rw.json", []byte(text))
	if err != nil {
		t.Fatalf("parse %s: %v", text, err)
	}
	return doc.Root
}

// decode parses JSON with UseNumber, as payloads are held.
func decode(t *testing.T, data []byte) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(string(data)))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	return v
}

const (
	testMapRunArn = "arn:aws:states:us-east-1:123456789012:mapRun:sm/Map:6c5ef6d2-7cf2-3c5b-9d4d-5c1e2a9b8c11"
	testMapRunID  = "6c5ef6d2-7cf2-3c5b-9d4d-5c1e2a9b8c11"
	testSMArn     = "arn:aws:states:us-east-1:123456789012:stateMachine:sm/Map"
)

var t0 = time.Date(2025, 2, 4, 1, 49, 50, 99_000_000, time.UTC)

// sampleRecords has one child of every status, outputs of several shapes
// and text that JSON must escape (or, as AWS prints it, must not).
func sampleRecords() []*Record {
	exec := func(name string) string {
		return "arn:aws:states:us-east-1:123456789012:execution:sm/Map:" + name
	}
	return []*Record{
		{ExecutionArn: exec("a1"), Name: "a1", StateMachineArn: testSMArn, Status: StatusSucceeded,
			Input: map[string]any{"id": json.Number("1"), "tag": "<é>"}, Output: []any{json.Number("1"), json.Number("2")},
			StartDate: t0, StopDate: t0.Add(1500 * time.Millisecond)},
		{ExecutionArn: exec("a2"), Name: "a2", StateMachineArn: testSMArn, Status: StatusSucceeded,
			Input: map[string]any{"id": json.Number("2")}, Output: map[string]any{"ok": true},
			StartDate: t0, StopDate: t0.Add(time.Second), RedriveCount: 1},
		{ExecutionArn: exec("a3"), Name: "a3", StateMachineArn: testSMArn, Status: StatusFailed,
			Input: map[string]any{"id": json.Number("3")}, Error: "Boom", Cause: "it \"broke\"",
			StartDate: t0, StopDate: t0.Add(time.Second)},
		{ExecutionArn: exec("a4"), Name: "a4", StateMachineArn: testSMArn, Status: StatusTimedOut,
			Input: json.Number("4"), Error: "States.Timeout", StartDate: t0, StopDate: t0.Add(5 * time.Minute)},
		{ExecutionArn: exec("a5"), Name: "a5", StateMachineArn: testSMArn, Status: StatusAborted,
			Input: "five", StartDate: t0, StopDate: t0.Add(time.Second)},
		{Status: StatusPending, Input: map[string]any{"id": json.Number("6")}},
		{ExecutionArn: exec("a7"), Name: "a7", StateMachineArn: testSMArn, Status: StatusSucceeded,
			Input: nil, Output: []any{[]any{"nested"}, "x"}, StartDate: t0, StopDate: t0},
	}
}

func exportConfig(prefix, outputType, transformation string) Config {
	return Config{Bucket: "bkt", Prefix: prefix, Export: true, OutputType: outputType, Transformation: transformation}
}

// statesError asserts err is a States error of the given name.
func statesError(t *testing.T, err error, name string) *asl.StatesError {
	t.Helper()
	var se *asl.StatesError
	if !errors.As(err, &se) || se.Name != name {
		t.Fatalf("error %v (%T), want %s", err, err, name)
	}
	return se
}
