package asl

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"hash"
)

// What the intrinsic functions (JSONPath) and Step Functions' JSONata
// functions share: States.Hash and $hash, States.UUID and $uuid
// (asl-semantics §6).

// HashAlgorithms are the digests States.Hash and $hash accept.
var HashAlgorithms = []string{"MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"}

// Digest returns the lower-case hexadecimal digest of data with the named
// algorithm; ok is false for an algorithm not in HashAlgorithms.
func Digest(algorithm, data string) (digest string, ok bool) {
	var h hash.Hash
	switch algorithm {
	case "MD5":
		h = md5.New()
	case "SHA-1":
		h = sha1.New()
	case "SHA-256":
		h = sha256.New()
	case "SHA-384":
		h = sha512.New384()
	case "SHA-512":
		h = sha512.New()
	default:
		return "", false
	}
	h.Write([]byte(data))
	return hex.EncodeToString(h.Sum(nil)), true
}

// FormatUUID4 makes random bytes a version 4 UUID (RFC 9562 variant) and
// writes it in its canonical form.
func FormatUUID4(b [16]byte) string {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
