package load

import (
	"io"
	"os"
)

// Stdin is the name "-" stands for in messages.
const Stdin = "<stdin>"

// Read reads a file, or stdin when path is "-", and returns the name to
// use in messages with the text.
func Read(path string, stdin io.Reader) (name string, text []byte, err error) {
	if path == "-" {
		text, err = io.ReadAll(stdin)
		return Stdin, text, err
	}
	text, err = os.ReadFile(path)
	return path, text, err
}
