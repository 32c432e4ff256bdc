package sdk

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"io"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/engine/itemreader"
	"github.com/sfnsim/sfnsim/execute/task"
)

// A bucket that --s3-dir maps to a folder is that folder for every S3
// call of the run, Task states included: a run meant to be offline must
// not read or write the real bucket of the same name.

func (h *Handler) servedLocally(bucket string) bool {
	return h.c.Folders != nil && h.c.Folders.Serves(bucket)
}

// folderGetObject answers getObject from the folder: the whole object,
// with the fields a folder can know.
func (h *Handler) folderGetObject(ctx context.Context, c *task.Call, in *s3.GetObjectInput) (any, *asl.StatesError) {
	if in.VersionId != nil || in.Range != nil || in.PartNumber != nil || in.IfMatch != nil || in.IfNoneMatch != nil {
		return nil, task.Failed(asl.ErrRuntime, "Task %q: bucket %q is a local folder (--s3-dir), which serves whole objects only: drop VersionId, Range, PartNumber, IfMatch and IfNoneMatch, or run against S3", c.State, *in.Bucket)
	}
	r, err := h.c.Folders.GetObject(ctx, *in.Bucket, *in.Key)
	if err != nil {
		return nil, folderFailure(err)
	}
	defer r.Close()
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, folderFailure(err)
	}
	return map[string]any{
		"Body": string(body), "ContentLength": int64(len(body)), "ETag": etag(body),
		"AcceptRanges": "bytes", "Metadata": map[string]any{},
	}, nil
}

// folderPutObject writes the object into the folder.
func (h *Handler) folderPutObject(ctx context.Context, _ *task.Call, in *s3.PutObjectInput, body string) (any, *asl.StatesError) {
	if err := h.c.Folders.PutObject(ctx, *in.Bucket, *in.Key, []byte(body)); err != nil {
		return nil, folderFailure(err)
	}
	return map[string]any{"ETag": etag([]byte(body)), "ServerSideEncryption": "AES256"}, nil
}

// etag is S3's ETag of an object put in one piece: its MD5, quoted.
func etag(body []byte) string {
	sum := md5.Sum(body)
	return `"` + hex.EncodeToString(sum[:]) + `"`
}

// folderFailure names a folder's error as S3 would: a missing key or
// bucket as its exception, anything else as the catch-all.
func folderFailure(err error) *asl.StatesError {
	const detail = " (Service: S3, Status Code: %d, Request ID: sfnsim-local-folder, Extended Request ID: sfnsim-local-folder)"
	switch {
	case errors.Is(err, itemreader.ErrNoSuchKey):
		return task.Failed("S3.NoSuchKeyException", "The specified key does not exist."+detail, 404)
	case errors.Is(err, itemreader.ErrNoSuchBucket):
		return task.Failed("S3.NoSuchBucketException", "The specified bucket does not exist."+detail, 404)
	case errors.Is(err, itemreader.ErrInvalidKey):
		return task.Failed("S3.S3Exception", "%v"+detail, err, 400)
	}
	return task.Failed("S3.S3Exception", "%v"+detail, err, 500)
}
