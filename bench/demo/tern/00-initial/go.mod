module github.com/acme/tern

go 1.23
