package resultwriter

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/sfnsim/sfnsim/engine/itemreader"
)

// TestDirStoreEndToEnd writes a Map Run into a local folder bucket and reads
// it back through the same store, as a later state's ItemReader would.
func TestDirStoreEndToEnd(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "bkt"), 0o755); err != nil {
		t.Fatal(err)
	}
	store := itemreader.DirStore{Root: root}
	ctx := context.Background()
	w := New(store, exportConfig("runs/2025", "JSON", "NONE"), testMapRunArn, testMapRunID)
	w.MaxFileBytes = 700 // forces several SUCCEEDED and FAILED files
	for _, r := range sampleRecords() {
		if err := w.Add(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	res, err := w.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	manifestKey := res["ResultWriterDetails"].(map[string]any)["Key"].(string)
	if want := "runs/2025/" + testMapRunID + "/manifest.json"; manifestKey != want {
		t.Fatalf("manifest key %s, want %s", manifestKey, want)
	}
	// Gather what the bucket holds and check the manifest against it.
	objects := map[string][]byte{}
	err = store.ListObjects(ctx, "bkt", "", func(o itemreader.Object) error {
		rc, err := store.GetObject(ctx, "bkt", o.Key)
		if err != nil {
			return err
		}
		defer rc.Close()
		body, err := io.ReadAll(rc)
		objects["bkt/"+o.Key] = body
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(objects) < 5 {
		t.Errorf("only %d objects written; MaxFileBytes should have split the files", len(objects))
	}
	checkManifest(t, objects, "bkt", manifestKey)

	// A missing bucket folder is a States.ResultWriterFailed, as S3's
	// NoSuchBucket would be.
	bad := New(store, Config{Bucket: "nobucket", Export: true, OutputType: "JSON"}, testMapRunArn, testMapRunID)
	if _, err := bad.Close(ctx); err == nil {
		t.Fatal("Close into a missing bucket succeeded")
	} else {
		statesError(t, err, "States.ResultWriterFailed")
	}
}
