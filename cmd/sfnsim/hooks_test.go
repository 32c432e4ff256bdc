package main

import (
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestPreCommitHooks: the hook definitions pre-commit reads from this
// repository name a command that exists, built under the name their entry
// uses (language golang runs `go install ./...` and calls entry's first
// word).
func TestPreCommitHooks(t *testing.T) {
	raw, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID       string   `yaml:"id"`
		Entry    string   `yaml:"entry"`
		Language string   `yaml:"language"`
		TypesOr  []string `yaml:"types_or"`
	}
	if err := yaml.Unmarshal(raw, &hooks); err != nil {
		t.Fatal(err)
	}
	languages := map[string]string{}
	for _, h := range hooks {
		languages[h.ID] = h.Language
		words := strings.Fields(h.Entry)
		if len(words) < 2 || words[0] != "sfnsim" {
			t.Errorf("hook %s: entry %q must run the sfnsim binary (cmd/sfnsim)", h.ID, h.Entry)
			continue
		}
		root := newRootCmd(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
		if cmd, _, err := root.Find(words[1:]); err != nil || cmd == root {
			t.Errorf("hook %s: %q is not an sfnsim command", h.ID, h.Entry)
		}
		for _, want := range []string{"json", "yaml", "terraform"} {
			if !containsString(h.TypesOr, want) {
				t.Errorf("hook %s: types_or %v lacks %s", h.ID, h.TypesOr, want)
			}
		}
	}
	if languages["sfnsim-lint"] != "golang" || languages["sfnsim-lint-system"] != "system" {
		t.Errorf("want hooks sfnsim-lint (golang) and sfnsim-lint-system (system), got %v", languages)
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
