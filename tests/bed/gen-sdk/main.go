// pulumi-gen-sdk: generates a package's SDK from its schema with Pulumi's own code generators (the
// pkg/v3/codegen packages the language hosts call), for hosts too old to answer GeneratePackage.
//
//	pulumi-gen-sdk --language python --out sdk schema.json   →   sdk/python/...
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	language := flag.String("language", "python", "the SDK's language (python)")
	out := flag.String("out", "sdk", "the folder that receives <language>/")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: pulumi-gen-sdk --language python --out DIR schema.json")
		os.Exit(2)
	}
	if err := run(*language, *out, flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-gen-sdk:", err)
		os.Exit(1)
	}
}

func run(language, out, schemaPath string) error {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("reading %s: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("the schema does not bind: %s", diags.Error())
	}
	var files map[string][]byte
	switch language {
	case "python":
		files, err = python.GeneratePackage("pulumi-gen-sdk", pkg, nil, noPackages{})
	default:
		return fmt.Errorf("no generator for %q here (use pulumi package gen-sdk)", language)
	}
	if err != nil {
		return err
	}
	root := filepath.Join(out, language)
	if err := os.RemoveAll(root); err != nil {
		return err
	}
	for name, content := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
	}
	fmt.Println(root)
	return nil
}

// noPackages is the loader of a schema that refers to no other package.
type noPackages struct{}

func (noPackages) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %q, which this tool cannot load", pkg)
}

func (noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %q, which this tool cannot load", d.Name)
}

func (noPackages) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema refers to package %q, which this tool cannot load", pkg)
}

func (noPackages) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema refers to package %q, which this tool cannot load", d.Name)
}
