package execute

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/sfnsim/sfnsim/asl/payload"
	"github.com/sfnsim/sfnsim/engine"
	"github.com/sfnsim/sfnsim/engine/resultwriter"
)

// LogFile is the name of a run folder's log: one JSON line per
// Distributed Map child that ended, written as it ends, so that a run cut
// short (even by kill -9) keeps what it had done.
const LogFile = "children.jsonl"

// entry is one line of the log.
type entry struct {
	Map     string          `json:"map"`
	Index   int             `json:"index"`
	Status  string          `json:"status"`
	Output  json.RawMessage `json:"output,omitempty"`
	Input   json.RawMessage `json:"input,omitempty"`
	Error   string          `json:"error,omitempty"`
	Cause   string          `json:"cause,omitempty"`
	Arn     string          `json:"arn,omitempty"`
	Name    string          `json:"name,omitempty"`
	SM      string          `json:"stateMachineArn,omitempty"`
	Started time.Time       `json:"started"`
	Stopped time.Time       `json:"stopped"`
}

// Log is a run folder's log of children.
type Log struct {
	dir  string
	file *os.File
	w    *bufio.Writer
	last time.Time
	err  error
	// done holds, from an earlier run, the children that succeeded, by
	// Map state and index.
	done map[string]map[int]*entry
}

func openLog(dir string) (*Log, error) {
	if dir == "" {
		return &Log{}, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("--run-dir %s: %w", dir, err)
	}
	f, err := os.OpenFile(filepath.Join(dir, LogFile), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("--run-dir %s: %w", dir, err)
	}
	return &Log{dir: dir, file: f, w: bufio.NewWriterSize(f, 1<<16)}, nil
}

// append logs a child that ended. The buffer is flushed at least every
// second, and at the end of the run.
func (l *Log) append(x *engine.Execution) {
	if l.w == nil || l.err != nil {
		return
	}
	e := entry{Map: x.MapState(), Index: x.Index, Status: x.Status, Error: x.Error, Cause: x.Cause,
		Arn: x.Arn, Name: x.Name, SM: x.StateMachineArn, Started: x.StartTime, Stopped: x.StopTime}
	if x.Status == engine.StatusSucceeded {
		e.Output = json.RawMessage(payload.Marshal(x.Output))
	}
	e.Input = json.RawMessage(payload.Marshal(x.Input))
	line, err := json.Marshal(e)
	if err != nil {
		l.err = err
		return
	}
	if _, err := l.w.Write(append(line, '\n')); err != nil {
		l.err = err
		return
	}
	if now := time.Now(); now.Sub(l.last) > time.Second {
		l.last = now
		l.err = l.w.Flush()
	}
}

// Close flushes the log.
func (l *Log) Close() error {
	if l.file == nil {
		return l.err
	}
	err := errors.Join(l.err, l.w.Flush(), l.file.Sync(), l.file.Close())
	l.file = nil
	return err
}

// ReadLog reads a run folder's log for a redrive: the last word on each
// child counts (a child that failed and then succeeded on a redrive is
// done).
func ReadLog(dir string) (*Log, error) {
	f, err := os.Open(filepath.Join(dir, LogFile))
	if err != nil {
		return nil, fmt.Errorf("--redrive %s: %w (give the --run-dir of the run to redrive)", dir, err)
	}
	defer f.Close()
	l := &Log{dir: dir, done: map[string]map[int]*entry{}}
	r := bufio.NewReaderSize(f, 1<<16)
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			var e entry
			if jerr := json.Unmarshal(line, &e); jerr != nil {
				if err == io.EOF {
					break // a last line cut short by a crash: that child runs again
				}
				return nil, fmt.Errorf("%s:%d: %v (the log is damaged; remove the line to redrive the rest)", filepath.Join(dir, LogFile), n, jerr)
			}
			byIndex := l.done[e.Map]
			if byIndex == nil {
				byIndex = map[int]*entry{}
				l.done[e.Map] = byIndex
			}
			if e.Status == engine.StatusSucceeded {
				byIndex[e.Index] = &e
			} else {
				delete(byIndex, e.Index)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	return l, nil
}

// Succeeded counts the children the log has as done.
func (l *Log) Succeeded() int {
	n := 0
	for _, m := range l.done {
		n += len(m)
	}
	return n
}

// succeeded answers engine.Options.Redrive.
func (l *Log) succeeded(state string, index int) *engine.Succeeded {
	e := l.done[state][index]
	if e == nil {
		return nil
	}
	var out, in any
	decode(e.Output, &out)
	decode(e.Input, &in)
	return &engine.Succeeded{Output: out, Record: &resultwriter.Record{
		ExecutionArn: e.Arn, Name: e.Name, StateMachineArn: e.SM, Status: e.Status,
		Input: in, Output: out, StartDate: e.Started, StopDate: e.Stopped,
	}}
}

func decode(raw json.RawMessage, v *any) {
	if len(raw) == 0 {
		return
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	_ = d.Decode(v)
}
