module wyn.example/peers

go 1.19
