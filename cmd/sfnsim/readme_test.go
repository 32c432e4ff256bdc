package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEExamples: the outputs README.md shows are what sfnsim prints,
// so the README cannot drift from the rules.
func TestREADMEExamples(t *testing.T) {
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	// block returns the text of the fenced block that follows marker, up to
	// its closing fence.
	block := func(marker string) string {
		t.Helper()
		i := strings.Index(readme, marker)
		if i < 0 {
			t.Fatalf("README has no %q", marker)
		}
		rest := readme[i+len(marker):]
		return rest[:strings.Index(rest, "```")]
	}
	profile, err := os.ReadFile("../../examples/profile.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if shown := block("report lists each default it relied on. The example profile above:\n\n```yaml\n"); shown != string(profile) {
		t.Errorf("README shows a profile that differs from examples/profile.yaml:\n%s", shown)
	}
	example := block("The examples below lint this file, `infra/orders.asl.json`:\n\n```json\n")
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "infra"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "infra", "orders.asl.json"), []byte(example), 0o644); err != nil {
		t.Fatal(err)
	}
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(examples, filepath.Join(dir, "examples")); err != nil {
		t.Fatal(err)
	}
	costFixtures, err := filepath.Abs("testdata/cost")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	t.Setenv("GITHUB_STEP_SUMMARY", "")

	tests := []struct {
		marker string
		args   []string
	}{
		{"$ go run ./cmd/sfnsim simulate\n", []string{"simulate"}},
		{"$ sfnsim simulate --profile examples/profile.yaml --items 20000 --seed 3\n", []string{"simulate", "--profile", "examples/profile.yaml", "--items", "20000", "--seed", "3"}},
		{"$ sfnsim cost --profile examples/worked-example.yaml --items 1000000 --batch-sizes 100\n", []string{"cost", "--profile", "examples/worked-example.yaml", "--items", "1000000", "--batch-sizes", "100"}},
		{"$ sfnsim cost diff cmd/sfnsim/testdata/cost/base.json cmd/sfnsim/testdata/cost/head.json\n", []string{"cost", "diff", costFixtures + "/base.json", costFixtures + "/head.json"}},
		{"$ go run ./cmd/sfnsim lint examples/\n", []string{"lint", "examples/"}},
		{"$ sfnsim lint infra/\n", []string{"lint", "infra/"}},
		{"$ sfnsim lint --format json infra/\n", []string{"lint", "--format", "json", "infra/"}},
		{"$ sfnsim lint --format github infra/\n", []string{"lint", "--format", "github", "infra/"}},
	}
	for _, tt := range tests {
		_, out, _ := sfnsim(t, "", tt.args...)
		if want := block(tt.marker); out != want {
			t.Errorf("README shows for %q:\n%s\nsfnsim prints:\n%s", strings.TrimSpace(tt.marker), want, out)
		}
	}

	// The offline run of "Run for real": its shell steps, then the run,
	// whose time and Map Run id change from run to run.
	runMarker := "--mock-config examples/mock-config.json --test-case Throttled --run-dir run1\n"
	for _, d := range []string{"data/my-inventory-bucket", "data/my-output-bucket"} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	manifest, err := os.ReadFile("examples/sample-manifest.csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("data/my-inventory-bucket/manifest.csv", manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_REGION", "us-east-1")
	_, out, errOut := sfnsim(t, "", "run", "examples/s3-inventory-transform.asl.json",
		"--s3-dir", "my-inventory-bucket=data/my-inventory-bucket", "--s3-dir", "my-output-bucket=data/my-output-bucket",
		"--mock-config", "examples/mock-config.json", "--test-case", "Throttled", "--run-dir", "run1")
	varying := regexp.MustCompile(`in [0-9.]+m?s\b|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	if want := block(runMarker); varying.ReplaceAllString(out, "…") != varying.ReplaceAllString(want, "…") {
		t.Errorf("README shows for the offline run:\n%s\nsfnsim prints:\n%s%s", want, out, errOut)
	}
}
