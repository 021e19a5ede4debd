FROM scratch
ADD http://127.0.0.1:47111/model.bin /model.bin
