// The bench floor: an isolated-world content script at document_start in every frame, doing nothing.
