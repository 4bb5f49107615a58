// The grammar of cgc's textual IR (docs/ir-text.md describes the language; cgc.ir.text builds the IR from the tree).
//
// The grammar is generic on purpose: an op is any name looked up in the op table, an attribute any name with a value.
// Line breaks are plain white space; the printer puts one statement on a line, the parser does not insist on it.
grammar CgIr;

module      : HEADER? moduleDecl graph EOF ;

moduleDecl  : 'module' STRING '{' (moduleField (',' moduleField)*)? '}' ;
moduleField : IDENT '=' (INT | STRING | opsets) ;
opsets      : '{' (opset (',' opset)*)? '}' ;
opset       : STRING '=' INT ;

graph       : 'graph' STRING '(' inputs=params? ')' '->' '(' outputs=params? ')' '{' statement* returnStmt '}' ;
params      : param (',' param)* ;
param       : VALUE ':' type ;
returnStmt  : 'return' (VALUE (',' VALUE)*)? ;

statement   : constant | node ;
constant    : 'const' VALUE ':' type (HASH | '=' elements) ;
node        : (results '=')? opRef '(' (operand (',' operand)*)? ')' attrDict? (':' types)? NODE_NAME? ;
types       : type (',' type)* ;
results     : operand (',' operand)* ;
operand     : VALUE | '_' ;
opRef       : 'opaque'? (IDENT | STRING) ;

attrDict    : '{' (attr (',' attr)*)? '}' ;
attr        : (IDENT | STRING) '=' attrValue ;
attrValue   : INT                                   # intValue
            | FLOAT                                 # floatValue
            | STRING                                # stringValue
            | tensor                                # tensorValue
            | graph                                 # graphValue
            | EMPTY_LIST                            # emptyList
            | '[' attrValue (',' attrValue)* ']'    # listValue
            ;
tensor      : type (HASH | elements) ;
elements    : '[' (element (',' element)*)? ']' ;
element     : INT | FLOAT | 'true' | 'false' ;

type        : '?' ('[' dims ']')?                   # undefinedType
            | IDENT '[' dims? ']'                   # tensorType
            ;
dims        : '*' | dim (',' dim)* ;
dim         : INT | IDENT | STRING | '?' ;

// `// cgc IR 1` on a line of its own opens a file; every other `//` line is a comment.
HEADER       : '// cgc IR ' [0-9]+ ;
LINE_COMMENT : '//' ~[\r\n]* -> skip ;
WS           : [ \t\r\n]+ -> skip ;

EMPTY_LIST : ('ints' | 'floats' | 'strings' | 'tensors' | 'graphs') '[]' ;
FLOAT      : '-'? (DIGITS '.' DIGITS EXPONENT? | DIGITS EXPONENT | 'inf') | 'nan' ;
INT        : '-'? DIGITS ;
VALUE      : '%' (NAME | QUOTED) ;
NODE_NAME  : '@' (NAME | QUOTED) ;
HASH       : '#' [0-9a-fA-F]+ ;
IDENT      : [A-Za-z_] [A-Za-z0-9_.]* ;
STRING     : QUOTED ;

fragment NAME     : [A-Za-z0-9_] [A-Za-z0-9_.]* ;
fragment QUOTED   : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
