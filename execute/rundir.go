package execute

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"
)

// RunFile is the name of the file in a run folder that says what ran, so
// that `sfnsim run --redrive DIR` needs nothing else.
const RunFile = "run.json"

// RunRecord is what a run folder remembers of its run.
type RunRecord struct {
	Name       string          `json:"name"`
	Type       string          `json:"type"`
	Definition json.RawMessage `json:"definition"`
	Input      json.RawMessage `json:"input"`
	Started    time.Time       `json:"started"`
	// Redrives counts the redrives of the run.
	Redrives int `json:"redrives"`
	// Status is how the last run or redrive ended; "" while one runs (or
	// when it was killed).
	Status string `json:"status,omitempty"`
}

// NewRunDir names a new run folder under parent:
// sfnsim-run-<UTC time to the millisecond>-<4 random hex digits>, so that
// runs started together do not share a folder.
func NewRunDir(parent string, now time.Time) string {
	return filepath.Join(parent, fmt.Sprintf("sfnsim-run-%s-%04x", now.UTC().Format("20060102T150405.000Z"), rand.IntN(1<<16)))
}

// CheckNewRunDir refuses a --run-dir that already holds a run: its log
// would mix with the new run's, and a later redrive would take children
// of one for the other's.
func CheckNewRunDir(dir string) error {
	for _, name := range []string{RunFile, LogFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return fmt.Errorf("--run-dir %s already holds a run (%s): redrive it with --redrive %s, or give a new folder", dir, name, dir)
		}
	}
	return nil
}

// SaveRun writes run.json into dir, creating it.
func SaveRun(dir string, r *RunRecord) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("--run-dir %s: %w", dir, err)
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, RunFile), append(b, '\n'), 0o644)
}

// LoadRun reads run.json from a run folder.
func LoadRun(dir string) (*RunRecord, error) {
	b, err := os.ReadFile(filepath.Join(dir, RunFile))
	if err != nil {
		return nil, fmt.Errorf("--redrive %s: %w (give the folder an earlier sfnsim run kept its state in)", dir, err)
	}
	path := filepath.Join(dir, RunFile)
	var r RunRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %v (the run folder is damaged)", path, err)
	}
	switch {
	case r.Name == "" || len(r.Definition) == 0 || len(r.Input) == 0:
		return nil, fmt.Errorf("%s lacks its name, definition or input (the run folder is damaged): start a new run instead", path)
	case r.Type != "STANDARD" && r.Type != "EXPRESS":
		return nil, fmt.Errorf("%s: type %q is neither STANDARD nor EXPRESS (the run folder is damaged): start a new run instead", path, r.Type)
	case !json.Valid(r.Input):
		return nil, fmt.Errorf("%s: the input is not JSON (the run folder is damaged): start a new run instead", path)
	}
	return &r, nil
}
