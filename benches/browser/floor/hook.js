// The bench floor: a MAIN-world content script at document_start in every frame, doing nothing.
