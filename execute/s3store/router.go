package s3store

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sfnsim/sfnsim/engine/itemreader"
	"github.com/sfnsim/sfnsim/engine/resultwriter"
)

// localBucket is what a folder standing for a bucket must do: everything
// the engine asks of S3.
type localBucket interface {
	itemreader.ObjectStore
	resultwriter.ObjectWriter
}

// Router sends each bucket to where it lives for this run: a bucket mapped
// to a local folder (sfnsim run --s3-dir BUCKET=DIR) is that folder, with
// itemreader.DirStore's semantics (keys cannot leave it; listings in S3
// order; writes replace files in one step); every other bucket is S3. It is
// safe for concurrent use.
type Router struct {
	s3   *Store
	dirs map[string]localBucket
}

var (
	_ itemreader.ObjectStore    = (*Router)(nil)
	_ resultwriter.ObjectWriter = (*Router)(nil)
)

// NewRouter routes the buckets of dirs (bucket → folder) to those folders
// and every other bucket to s3. s3 is nil when the run is offline; the
// unmapped buckets then fail with an error saying how to map them. Each
// folder must exist and be a folder, as an S3 bucket must exist before a
// Map reads or writes it; errors name the --s3-dir value to correct.
func NewRouter(s3 *Store, dirs map[string]string) (*Router, error) {
	r := &Router{s3: s3, dirs: make(map[string]localBucket, len(dirs))}
	buckets := make([]string, 0, len(dirs))
	for b := range dirs {
		buckets = append(buckets, b)
	}
	sort.Strings(buckets) // the first bad value reported is the same every run
	for _, bucket := range buckets {
		dir := dirs[bucket]
		flag := "--s3-dir " + bucket + "=" + dir
		if err := checkBucketName(bucket); err != nil {
			return nil, fmt.Errorf("%s: %v", flag, err)
		}
		if dir == "" {
			return nil, fmt.Errorf("%s: no folder given; write --s3-dir %s=DIR with the folder that stands for the bucket", flag, bucket)
		}
		// Absolute, so that a later change of working folder cannot
		// redirect the bucket.
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", flag, err)
		}
		st, err := os.Stat(abs)
		if err != nil {
			if os.IsNotExist(err) {
				return nil, fmt.Errorf("%s: folder %s does not exist; create it (an S3 bucket must exist before a Map uses it too) or correct the path", flag, abs)
			}
			return nil, fmt.Errorf("%s: %v", flag, err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("%s: %s is a file, not a folder; give the folder whose files are the bucket's objects", flag, abs)
		}
		if filepath.Base(abs) == bucket {
			// The folder already sits where DirStore looks for the bucket,
			// so the engine's own store serves it unchanged.
			r.dirs[bucket] = itemreader.DirStore{Root: filepath.Dir(abs)}
		} else {
			r.dirs[bucket] = folderBucket{dir: abs}
		}
	}
	return r, nil
}

// route picks the store of bucket.
func (r *Router) route(bucket string) (localBucket, error) {
	if l, ok := r.dirs[bucket]; ok {
		return l, nil
	}
	if r.s3 == nil {
		// Deliberately not ErrNoSuchBucket: the engine would replace this
		// advice with S3's "bucket does not exist", which is not the
		// problem.
		return nil, fmt.Errorf("bucket %q is not mapped to a local folder and this run has no S3 access (it runs offline); map the bucket with --s3-dir %s=DIR, or run with AWS credentials", bucket, bucket)
	}
	return r.s3, nil
}

// Serves reports whether bucket is mapped to a local folder.
func (r *Router) Serves(bucket string) bool {
	_, ok := r.dirs[bucket]
	return ok
}

// GetObject opens key in bucket's folder or in S3.
func (r *Router) GetObject(ctx context.Context, bucket, key string) (io.ReadCloser, error) {
	st, err := r.route(bucket)
	if err != nil {
		return nil, err
	}
	return st.GetObject(ctx, bucket, key)
}

// ListObjects lists bucket's folder or S3 bucket, in S3's key order.
func (r *Router) ListObjects(ctx context.Context, bucket, prefix string, fn func(itemreader.Object) error) error {
	st, err := r.route(bucket)
	if err != nil {
		return err
	}
	return st.ListObjects(ctx, bucket, prefix, fn)
}

// PutObject writes key into bucket's folder or S3 bucket.
func (r *Router) PutObject(ctx context.Context, bucket, key string, body []byte) error {
	st, err := r.route(bucket)
	if err != nil {
		return err
	}
	return st.PutObject(ctx, bucket, key, body)
}

// ParseDirFlag reads the values of repeated --s3-dir flags, each
// "BUCKET=DIR", into a bucket → folder map for NewRouter. It checks only
// their form; NewRouter checks the folders.
func ParseDirFlag(values []string) (map[string]string, error) {
	dirs := make(map[string]string, len(values))
	for _, v := range values {
		bucket, dir, ok := strings.Cut(v, "=")
		switch {
		case !ok:
			return nil, fmt.Errorf("--s3-dir %q: write BUCKET=DIR, e.g. --s3-dir my-bucket=./data", v)
		case strings.HasPrefix(bucket, "s3://"):
			return nil, fmt.Errorf("--s3-dir %q: write the bucket name without s3://, e.g. --s3-dir %s=%s", v, strings.TrimSuffix(strings.TrimPrefix(bucket, "s3://"), "/"), dir)
		case dir == "":
			return nil, fmt.Errorf("--s3-dir %q: no folder after \"=\"; write --s3-dir %s=DIR with the folder that stands for the bucket", v, bucket)
		}
		if err := checkBucketName(bucket); err != nil {
			return nil, fmt.Errorf("--s3-dir %q: %v", v, err)
		}
		if prev, dup := dirs[bucket]; dup {
			return nil, fmt.Errorf("--s3-dir %q: bucket %q is already mapped to %s; give each bucket one folder", v, bucket, prev)
		}
		dirs[bucket] = dir
	}
	return dirs, nil
}

// checkBucketName refuses names that could not be an S3 bucket and would
// make a path of the folder mapping ambiguous. It is looser than S3's
// naming rules on purpose: old us-east-1 buckets may have capitals or
// underscores, and a local-only bucket need not exist in S3 at all.
func checkBucketName(bucket string) error {
	switch {
	case bucket == "":
		return fmt.Errorf("no bucket name before \"=\"; write BUCKET=DIR, e.g. my-bucket=./data")
	case bucket == "." || bucket == "..":
		return fmt.Errorf("%q is not a bucket name; write the name of the bucket the state machine uses", bucket)
	case strings.ContainsAny(bucket, "/\\"):
		return fmt.Errorf("bucket %q: a bucket name has no \"/\"; to serve a prefix, map the bucket to the folder that holds the prefix's folders", bucket)
	case strings.ContainsFunc(bucket, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return fmt.Errorf("bucket %q contains control characters; write the bucket name as the state machine uses it", bucket)
	}
	return nil
}
