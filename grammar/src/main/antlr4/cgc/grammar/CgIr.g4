// Placeholder: the real grammar of cgc's textual IR is being written.
grammar CgIr;


module : EOF ;

WS : [ \t\r\n]+ -> skip ;
