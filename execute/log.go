package execute

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/sfnsim/sfnsim/asl/payload"
	"github.com/sfnsim/sfnsim/engine"
	"github.com/sfnsim/sfnsim/engine/resultwriter"
)

// LogFile is the name of a run folder's log: one JSON line per child of a
// top-level Distributed Map that ended, written as it ends with one
// write(2), so that a run cut short (even by kill -9) keeps what it had
// done.
const LogFile = "children.jsonl"

// entry is one line of the log. Map, Visit and Index are the child's
// engine.ChildKey; Input is kept so that a redrive reuses a result only
// for the same input.
type entry struct {
	Map     string          `json:"map"`
	Within  string          `json:"within,omitempty"`
	Visit   int             `json:"visit,omitempty"`
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
	// Redrives counts the redrives that ran the child again.
	Redrives int `json:"redrives,omitempty"`
}

func (e *entry) key() engine.ChildKey {
	return engine.ChildKey{State: e.Map, Within: e.Within, Visit: e.Visit, Index: e.Index}
}

// Log is a run folder's log of children.
type Log struct {
	dir  string
	file *os.File
	err  error
	// redrives is the number of the run writing the log (0 for the first).
	redrives int
	// done holds, from an earlier run, the children that succeeded.
	done map[engine.ChildKey]*entry
}

// openLog opens dir's log for appending, creating both. A last line cut
// short by a crash is cut off first, so that new lines start on a line of
// their own.
func openLog(dir string, redrives int) (*Log, error) {
	if dir == "" {
		return &Log{}, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("--run-dir %s: %w", dir, err)
	}
	f, err := os.OpenFile(filepath.Join(dir, LogFile), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("--run-dir %s: %w", dir, err)
	}
	if err := cutPartialLine(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--run-dir %s: repairing %s: %w", dir, LogFile, err)
	}
	return &Log{dir: dir, file: f, redrives: redrives}, nil
}

// cutPartialLine truncates f after its last newline and leaves the offset
// at the end.
func cutPartialLine(f *os.File) error {
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil || size == 0 {
		return err
	}
	// Lines are short (a child's input and output): look back in blocks.
	const block = 64 << 10
	buf := make([]byte, block)
	end := size
	for end > 0 {
		start := max(0, end-block)
		n, err := f.ReadAt(buf[:end-start], start)
		if err != nil && err != io.EOF {
			return err
		}
		if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
			end = start + int64(i) + 1
			break
		}
		end = start
	}
	if end == size {
		return nil
	}
	if err := f.Truncate(end); err != nil {
		return err
	}
	_, err = f.Seek(end, io.SeekStart)
	return err
}

// append logs a child of a top-level Distributed Map that ended.
func (l *Log) append(x *engine.Execution) {
	key, ok := x.ChildKey()
	if l.file == nil || l.err != nil || !ok {
		return
	}
	e := entry{Map: key.State, Within: key.Within, Visit: key.Visit, Index: key.Index, Status: x.Status, Error: x.Error, Cause: x.Cause,
		Arn: x.Arn, Name: x.Name, SM: x.StateMachineArn, Started: x.StartTime, Stopped: x.StopTime, Redrives: l.redrives}
	if x.Status == engine.StatusSucceeded {
		e.Output = json.RawMessage(payload.Marshal(x.Output))
	}
	e.Input = json.RawMessage(payload.Marshal(x.Input))
	line, err := json.Marshal(e)
	if err != nil {
		l.err = err
		return
	}
	// One write per line, unbuffered: what the kernel has survives the
	// process, and a crash cuts at most the line being written.
	_, l.err = l.file.Write(append(line, '\n'))
}

// Close syncs the log to disk.
func (l *Log) Close() error {
	if l.file == nil {
		return l.err
	}
	err := errors.Join(l.err, l.file.Sync(), l.file.Close())
	l.file = nil
	return err
}

// ReadLog reads a run folder's log for a redrive: the last word on each
// child counts (a child that failed and then succeeded on a redrive is
// done).
func ReadLog(dir string) (*Log, error) {
	f, err := os.Open(filepath.Join(dir, LogFile))
	if errors.Is(err, fs.ErrNotExist) {
		// Every run creates it as it starts: without it a redrive would
		// run again every child that had succeeded.
		return nil, fmt.Errorf("--redrive %s: %s is missing, so every child would run again; restore it, or start a new run instead", dir, LogFile)
	}
	if err != nil {
		return nil, fmt.Errorf("--redrive %s: %w", dir, err)
	}
	defer f.Close()
	l := &Log{dir: dir, done: map[engine.ChildKey]*entry{}}
	r := bufio.NewReaderSize(f, 1<<16)
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if err == io.EOF {
			// A last line without its newline was cut short by a crash,
			// even if it parses: the redrive's openLog cuts it off, so
			// its child runs again and is logged anew.
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", filepath.Join(dir, LogFile), err)
		}
		var e entry
		if jerr := json.Unmarshal(line, &e); jerr != nil {
			return nil, fmt.Errorf("%s:%d: %v (the log is damaged; remove the line to redrive the rest)", filepath.Join(dir, LogFile), n, jerr)
		}
		if e.Status == engine.StatusSucceeded {
			l.done[e.key()] = &e
		} else {
			delete(l.done, e.key())
		}
	}
	return l, nil
}

// Succeeded counts the children the log has as done.
func (l *Log) Succeeded() int { return len(l.done) }

// succeeded answers engine.Options.Redrive: a child that succeeded before
// with the same input is not run again. A different input (the items
// changed since) runs the child again.
func (l *Log) succeeded(key engine.ChildKey, input any) *engine.Succeeded {
	e := l.done[key]
	if e == nil {
		return nil
	}
	// Compared in payload's form: the log's JSON escapes what payload
	// does not (&, <, >), so its bytes differ for the same value.
	var out, in any
	decode(e.Input, &in)
	if payload.Marshal(in) != payload.Marshal(input) {
		return nil
	}
	decode(e.Output, &out)
	return &engine.Succeeded{Output: out, Record: &resultwriter.Record{
		ExecutionArn: e.Arn, Name: e.Name, StateMachineArn: e.SM, Status: e.Status,
		Input: in, Output: out, StartDate: e.Started, StopDate: e.Stopped, RedriveCount: e.Redrives,
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
