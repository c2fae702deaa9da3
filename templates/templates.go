// Package templates holds the built-in starter templates, embedded into
// the myos binary. Each folder is one template: a template.toml (name,
// description, version, author) and the OS files a new OS starts from.
package templates

import "embed"

// FS holds one folder per built-in template.
//
//go:embed minimal andyos calendar team
var FS embed.FS
