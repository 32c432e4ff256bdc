// Package s3store is the object store behind Distributed Map ItemReaders and
// ResultWriters when `sfnsim run` executes a state machine for real: Store
// talks to Amazon S3 through aws-sdk-go-v2, and Router lets chosen buckets
// live in local folders (--s3-dir BUCKET=DIR) while the others go to S3.
//
// Both implement itemreader.ObjectStore and resultwriter.ObjectWriter, so the
// engine reads and writes through them exactly as it does through the
// simulator's stores.
package s3store

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/sfnsim/sfnsim/engine/itemreader"
	"github.com/sfnsim/sfnsim/engine/resultwriter"
)

// Limits S3 sets. They are not tunables: a part below
// MinPartSize (other than the last) makes CompleteMultipartUpload fail with
// EntityTooSmall, and an upload cannot have more than maxParts parts.
const (
	MinPartSize = 5 << 20
	maxParts    = 10_000
	// listPageSize is the most keys ListObjectsV2 returns per page; asking
	// for it explicitly keeps S3-compatible servers with smaller defaults
	// from multiplying the round trips.
	listPageSize = 1000
)

// Defaults of Store's upload fields.
const (
	// DefaultMultipartThreshold keeps the usual result files (a few MiB) in
	// one PutObject while giving large ones resumable-size requests: a
	// failed 64 MiB request is cheap to repeat, a failed 5 GB one is not.
	DefaultMultipartThreshold = 64 << 20
	// DefaultPartSize gives a 5 GB result file (AWS's largest, §3.7)
	// about 300 parts, far below S3's 10,000.
	DefaultPartSize = 16 << 20
)

// abortTimeout bounds the clean-up of a failed multipart upload, which runs
// even when the run's context is already cancelled.
const abortTimeout = 30 * time.Second

// Store is S3 through aws-sdk-go-v2: an itemreader.ObjectStore and a
// resultwriter.ObjectWriter. It is safe for concurrent use, as the client is.
type Store struct {
	client *s3.Client

	// MultipartThreshold is the body size above which PutObject uses a
	// multipart upload; 0 or less means DefaultMultipartThreshold. Set the
	// fields before the Store is shared.
	MultipartThreshold int64
	// PartSize is the size of each multipart part but the last; 0 or less
	// means DefaultPartSize, and values below MinPartSize count as
	// MinPartSize because S3 would refuse the upload.
	PartSize int64
}

var (
	_ itemreader.ObjectStore    = (*Store)(nil)
	_ resultwriter.ObjectWriter = (*Store)(nil)
)

// New returns a Store that sends its requests through client, whose
// configuration (credentials, region, endpoint) the caller owns.
func New(client *s3.Client) *Store {
	return &Store{
		client:             client,
		MultipartThreshold: DefaultMultipartThreshold,
		PartSize:           DefaultPartSize,
	}
}

// GetObject opens s3://bucket/key. The caller must close the body.
func (s *Store) GetObject(ctx context.Context, bucket, key string) (io.ReadCloser, error) {
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{
		Bucket: aws.String(bucket),
		Key:    aws.String(key),
	})
	if err != nil {
		// A 404 without an error code (S3 gives none to HEAD-like
		// responses, some compatible servers none at all) most likely
		// means the key: a missing bucket comes back as NoSuchBucket.
		return nil, s3Error("reading", "s3:GetObject", bucket, key, err, itemreader.ErrNoSuchKey)
	}
	return out.Body, nil
}

// ListObjects lists s3://bucket/prefix* with ListObjectsV2, a page of up to
// 1,000 keys at a time, calling fn for each object as its page arrives, so
// memory holds one page however large the bucket is. It stops at the first
// error fn returns and returns it unchanged.
//
// S3 lists general purpose buckets in ascending UTF-8 byte order, which is
// what the engine's ObjectStore contract promises. Directory buckets (S3
// Express One Zone) do not sort their listings; rather than let a Map read
// items in an order AWS would not use, a key that comes out of order is an
// error.
func (s *Store) ListObjects(ctx context.Context, bucket, prefix string, fn func(itemreader.Object) error) error {
	in := &s3.ListObjectsV2Input{
		Bucket:  aws.String(bucket),
		MaxKeys: aws.Int32(listPageSize),
	}
	if prefix != "" {
		in.Prefix = aws.String(prefix)
	}
	pages := s3.NewListObjectsV2Paginator(s.client, in)
	var last string
	first := true
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			// A listing has no key to miss, so a bare 404 is the bucket.
			return s3Error("listing", "s3:ListBucket", bucket, prefix, err, itemreader.ErrNoSuchBucket)
		}
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			if !first && key <= last {
				return fmt.Errorf("listing s3://%s/%s: S3 returned key %q after %q, out of ascending order (directory buckets do not sort their listings); read the items from a general purpose bucket or from a manifest", bucket, prefix, key, last)
			}
			first, last = false, key
			if err := fn(toObject(o)); err != nil {
				return err
			}
		}
	}
	return nil
}

// toObject keeps the fields a Distributed Map item shows. S3 always sends
// ETag quoted and a StorageClass; S3-compatible servers sometimes do not,
// and the items must look the same either way.
func toObject(o types.Object) itemreader.Object {
	etag := aws.ToString(o.ETag)
	if !strings.HasPrefix(etag, `"`) {
		etag = `"` + etag + `"`
	}
	class := string(o.StorageClass)
	if class == "" {
		class = string(types.ObjectStorageClassStandard)
	}
	return itemreader.Object{
		Key:          aws.ToString(o.Key),
		ETag:         etag,
		LastModified: aws.ToTime(o.LastModified),
		Size:         aws.ToInt64(o.Size),
		StorageClass: class,
	}
}

// PutObject writes body as s3://bucket/key, replacing any object there.
// Bodies larger than MultipartThreshold go up as a multipart upload in
// PartSize parts, so that no single request carries gigabytes (S3 refuses
// PutObject bodies over 5 GiB); a failed multipart upload is aborted, so
// its parts are not left behind and billed.
func (s *Store) PutObject(ctx context.Context, bucket, key string, body []byte) error {
	threshold := s.MultipartThreshold
	if threshold <= 0 {
		threshold = DefaultMultipartThreshold
	}
	if int64(len(body)) > threshold {
		return s.putMultipart(ctx, bucket, key, body)
	}
	_, err := s.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        aws.String(bucket),
		Key:           aws.String(key),
		Body:          bytes.NewReader(body),
		ContentLength: aws.Int64(int64(len(body))),
	})
	if err != nil {
		return s3Error("writing", "s3:PutObject", bucket, key, err, itemreader.ErrNoSuchBucket)
	}
	return nil
}

// partSize is the part size for a body of n bytes: PartSize within S3's
// limits, grown when n would otherwise need more than 10,000 parts.
func (s *Store) partSize(n int) int {
	size := s.PartSize
	if size <= 0 {
		size = DefaultPartSize
	}
	size = max(size, MinPartSize)
	if need := (int64(n) + maxParts - 1) / maxParts; size < need {
		size = need
	}
	return int(size)
}

func (s *Store) putMultipart(ctx context.Context, bucket, key string, body []byte) (err error) {
	// Each part carries a CRC32 we compute ourselves and the upload is
	// declared CRC32 up front: S3 rejects parts whose checksum type differs
	// from the upload's, and the SDK adds a checksum to every part by
	// default, so leaving the type unset fails against real S3.
	created, err := s.client.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{
		Bucket:            aws.String(bucket),
		Key:               aws.String(key),
		ChecksumAlgorithm: types.ChecksumAlgorithmCrc32,
	})
	if err != nil {
		return s3Error("starting a multipart upload to", "s3:PutObject", bucket, key, err, itemreader.ErrNoSuchBucket)
	}
	uploadID := created.UploadId
	defer func() {
		if err == nil {
			return
		}
		// The run may be stopping (that can be why the upload failed), but
		// the parts already sent are billed until aborted, so the abort
		// gets a context of its own.
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abortTimeout)
		defer cancel()
		_, aerr := s.client.AbortMultipartUpload(actx, &s3.AbortMultipartUploadInput{
			Bucket:   aws.String(bucket),
			Key:      aws.String(key),
			UploadId: uploadID,
		})
		if aerr != nil {
			err = errors.Join(err, fmt.Errorf("aborting the upload failed too (%v); its parts stay billed until you run `aws s3api abort-multipart-upload --bucket %s --key %s --upload-id %s` or a lifecycle rule removes them", aerr, bucket, key, aws.ToString(uploadID)))
		}
	}()

	size := s.partSize(len(body))
	parts := make([]types.CompletedPart, 0, (len(body)+size-1)/size)
	for off, num := 0, int32(1); off < len(body); off, num = off+size, num+1 {
		chunk := body[off:min(off+size, len(body))]
		sum := crc32Base64(chunk)
		out, err := s.client.UploadPart(ctx, &s3.UploadPartInput{
			Bucket:            aws.String(bucket),
			Key:               aws.String(key),
			UploadId:          uploadID,
			PartNumber:        aws.Int32(num),
			Body:              bytes.NewReader(chunk),
			ContentLength:     aws.Int64(int64(len(chunk))),
			ChecksumAlgorithm: types.ChecksumAlgorithmCrc32,
			ChecksumCRC32:     aws.String(sum),
		})
		if err != nil {
			return s3Error(fmt.Sprintf("uploading part %d of", num), "s3:PutObject", bucket, key, err, itemreader.ErrNoSuchBucket)
		}
		parts = append(parts, types.CompletedPart{
			ETag:          out.ETag,
			PartNumber:    aws.Int32(num),
			ChecksumCRC32: aws.String(sum),
		})
	}
	_, err = s.client.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
		Bucket:          aws.String(bucket),
		Key:             aws.String(key),
		UploadId:        uploadID,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
	})
	if err != nil {
		return s3Error("completing the multipart upload to", "s3:PutObject", bucket, key, err, itemreader.ErrNoSuchBucket)
	}
	return nil
}

// crc32Base64 is a part's checksum in the form S3's x-amz-checksum-crc32
// header takes: the big-endian CRC-32 (IEEE) in base64.
func crc32Base64(b []byte) string {
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], crc32.ChecksumIEEE(b))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// s3Error describes a failed request to s3://bucket/key. Missing buckets
// and keys wrap the itemreader sentinels, so the engine reports them in
// S3's words; notFound is what a 404 without an error code means for this
// operation. The SDK's error stays wrapped too, for callers that want its
// request id. action is the IAM action the request needs, named in the
// advice for a 403.
func s3Error(verb, action, bucket, key string, err, notFound error) error {
	where := "s3://" + bucket + "/" + key
	status, code := 0, ""
	if resp, ok := errors.AsType[*smithyhttp.ResponseError](err); ok {
		status = resp.HTTPStatusCode()
	}
	if api, ok := errors.AsType[smithy.APIError](err); ok {
		code = api.ErrorCode()
	}
	switch {
	case code == "NoSuchBucket":
		return fmt.Errorf("%s %s: %w (check the bucket name, and that the run's AWS region is the bucket's): %w", verb, where, itemreader.ErrNoSuchBucket, err)
	case code == "NoSuchKey":
		return fmt.Errorf("%s %s: %w: %w", verb, where, itemreader.ErrNoSuchKey, err)
	case status == http.StatusNotFound && (code == "" || code == "NotFound"):
		return fmt.Errorf("%s %s: %w: %w", verb, where, notFound, err)
	case status == http.StatusForbidden || code == "AccessDenied":
		return fmt.Errorf("%s %s: %w (the run's AWS credentials need %s on it; check their IAM policy and the bucket policy)", verb, where, err, action)
	}
	return fmt.Errorf("%s %s: %w", verb, where, err)
}
