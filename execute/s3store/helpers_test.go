package s3store

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// fakeS3 is gofakes3 on loopback behind the real SDK client, with a
// recorder of the requests it served and a hook to fail chosen ones, so
// tests can check how Store pages, splits uploads and cleans up.
type fakeS3 struct {
	client *s3.Client
	store  *Store

	mu       sync.Mutex
	requests []string // "METHOD path?query"
	// fail, when set, answers a request itself (status, body) instead of
	// gofakes3 when it returns a status above 0.
	fail func(r *http.Request) (int, string)
}

func newFakeS3(t *testing.T, buckets ...string) *fakeS3 {
	t.Helper()
	backend := s3mem.New()
	for _, b := range buckets {
		if err := backend.CreateBucket(b); err != nil {
			t.Fatal(err)
		}
	}
	f := &fakeS3{}
	faker := gofakes3.New(backend).Server()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests = append(f.requests, r.Method+" "+r.URL.Path+"?"+r.URL.RawQuery)
		fail := f.fail
		f.mu.Unlock()
		if fail != nil {
			if status, body := fail(r); status > 0 {
				_, _ = io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "application/xml")
				w.WriteHeader(status)
				_, _ = io.WriteString(w, body)
				return
			}
		}
		faker.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	f.client = s3.New(s3.Options{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(srv.URL),
		UsePathStyle: true,
	})
	f.store = New(f.client)
	return f
}

// count is how many recorded requests contain all of parts.
func (f *fakeS3) count(parts ...string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
next:
	for _, r := range f.requests {
		for _, p := range parts {
			if !strings.Contains(r, p) {
				continue next
			}
		}
		n++
	}
	return n
}

func (f *fakeS3) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests, f.fail = nil, nil
}

// put stores an object with the plain SDK, independent of Store.
func (f *fakeS3) put(t *testing.T, bucket, key string, body []byte) {
	t.Helper()
	_, err := f.client.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(body),
	})
	if err != nil {
		t.Fatalf("seeding s3://%s/%s: %v", bucket, key, err)
	}
}

// readAll reads an object through any store, failing the test on error.
func readAll(t *testing.T, st interface {
	GetObject(context.Context, string, string) (io.ReadCloser, error)
}, bucket, key string) []byte {
	t.Helper()
	rc, err := st.GetObject(context.Background(), bucket, key)
	if err != nil {
		t.Fatalf("GetObject %s/%s: %v", bucket, key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("reading %s/%s: %v", bucket, key, err)
	}
	return b
}
