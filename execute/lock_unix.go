//go:build unix

package execute

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// LockFile is the name of the file a live run holds locked in its folder.
const LockFile = "run.lock"

// LockRunDir creates dir if needed and locks it for this process, so that
// two runs (a run and a redrive of it started by mistake) cannot work in
// one folder at once: both would run the same children and interleave
// their logs. The lock is an flock(2) on dir/run.lock, which the kernel
// lets go when the process ends, however it ends; release lets it go
// sooner.
func LockRunDir(dir string) (release func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("--run-dir %s: %w", dir, err)
	}
	path := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("--run-dir %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			who := "another sfnsim run"
			if pid := strings.TrimSpace(string(holder)); pid != "" {
				who += " (process " + pid + ")"
			}
			return nil, fmt.Errorf("%s is in use by %s: wait for it to end, or stop it (Ctrl-C) before you redrive", dir, who)
		}
		return nil, fmt.Errorf("--run-dir %s: locking %s: %w", dir, LockFile, err)
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() { f.Close() }, nil
}
