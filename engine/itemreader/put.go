package itemreader

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"strings"
)

// PutObject writes body as Root/bucket/key, creating the folders the key
// names inside the bucket, so that a DirStore can receive the files of a
// Distributed Map's ResultWriter. The bucket folder must exist already, as an
// S3 bucket must. Keys are checked as GetObject checks them, and os.Root
// refuses symbolic links that lead out of the bucket.
//
// The body goes to a temporary file that is then renamed over the key: S3
// replaces an object in one step, so a concurrent GetObject must see either
// the old content or the new one, never half of it.
func (s DirStore) PutObject(ctx context.Context, bucket, key string, body []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkKey(key); err != nil {
		return err
	}
	if strings.HasSuffix(key, "/") {
		// S3 accepts such "folder marker" keys, but here a folder is not an
		// object and could not be read back.
		return fmt.Errorf("%w %q: a key ending in \"/\" names a folder; give a file name after it", ErrInvalidKey, key)
	}
	r, err := s.openBucket(bucket)
	if err != nil {
		return err
	}
	defer r.Close()
	dir, base := path.Split(key)
	if dir != "" {
		if err := r.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("creating folders for key %q in bucket %q: %w", key, bucket, err)
		}
	}
	tmp := dir + ".put-" + randomSuffix() + "-" + base
	if err := r.WriteFile(tmp, body, 0o644); err != nil {
		return fmt.Errorf("writing key %q in bucket %q: %w", key, bucket, err)
	}
	if err := r.Rename(tmp, key); err != nil {
		return errors.Join(fmt.Errorf("writing key %q in bucket %q: %w", key, bucket, err), r.Remove(tmp))
	}
	return nil
}

// randomSuffix keeps two concurrent puts of one key from sharing a
// temporary file.
func randomSuffix() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
